import { Trans } from '@lingui/react'
import type { ReactElement } from 'react'
import type { MessageId } from '../../../shared/i18n/namespaces'

type RichMessageProps = {
  id: MessageId
  /**
   * The message's {arguments}. Lingui reads the formatted sentence for its `<0>` tags, so a
   * string value is only text the app itself made (a formatted date, a select key, a
   * normalised URL); free text a user or a file chose (an account's name, a file name) is
   * passed as an element (`<>{name}</>`), which is never read, so "<0>" in a name stays text.
   */
  values?: Record<string, string | number | Date | ReactElement>
  /** The message's tags: `<0>…</0>` in the message is element 0 with that text inside. */
  components?: Record<string, ReactElement>
}

/**
 * A catalogue message with markup inside it (bold words, a date in <strong>, key caps), as
 * one sentence so each language places the markup where its word order puts it: "Delete
 * <0>{name}</0>?" stays whole. The id is typed like useT()'s `t`, so a missing id fails tsc.
 */
export function RichMessage({ id, values, components }: RichMessageProps) {
  return <Trans id={id} values={values} components={components} />
}
