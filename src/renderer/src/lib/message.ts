import type { MessageId, MessageValues } from '../../../shared/i18n/namespaces'
import type { Translate } from '../i18n/useT'

/**
 * A sentence not yet in any language: its catalogue id and {arguments}. Pure modules that
 * decide what to say return these; the component translates them with useT()'s `t`, so the
 * words follow the UI language and the module stays testable without a catalogue.
 */
export type Message = { id: MessageId; values?: MessageValues }

export function message(id: MessageId, values?: MessageValues): Message {
  return values === undefined ? { id } : { id, values }
}

/** The message in the active language. */
export function say(t: Translate, { id, values }: Message): string {
  return t(id, values)
}
