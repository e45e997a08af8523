import { Trans } from '@lingui/react'
import type { ReactElement } from 'react'
import type { MessageId } from '../../../shared/i18n/namespaces'

type RichMessageProps = {
  id: MessageId
  /**
   * The message's {arguments}. Text the user or a file chose (an account's name, a file
   * name) is passed as an element (`<strong>{name}</strong>`, `<>{name}</>`): an element
   * is never read for the message's tags, so a name that looks like "<0>" stays text.
   */
  values?: Record<string, number | ReactElement>
  /** The message's tags: `<0>…</0>` in the message is element 0 with that text inside. */
  components?: Record<number, ReactElement>
}

/**
 * A catalogue message with markup inside it (bold words, key caps), as one sentence so a
 * translation can move them: "Delete <0>{name}</0>?" stays whole in every language. The id
 * is typed like useT()'s `t`, so a missing id fails tsc.
 */
export function RichMessage({ id, values, components }: RichMessageProps) {
  return <Trans id={id} values={values} components={components} />
}
