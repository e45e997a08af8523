import { Trans } from '@lingui/react'
import type { ReactElement } from 'react'
import type { MessageId, MessageValues } from '../../../shared/i18n/namespaces'

/**
 * A message with markup inside the sentence: `<0>…</0>` in the catalogue wraps that part in
 * `components[0]` (e.g. a date in <strong>), so each language places the emphasis where its
 * word order puts it. The id is typed like useT's.
 */
export function RichMessage({
  id,
  values,
  components,
}: {
  id: MessageId
  values?: MessageValues
  components: Record<string, ReactElement>
}) {
  return <Trans id={id} values={values} components={components} />
}
