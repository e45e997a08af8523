import { useState, type KeyboardEvent } from 'react'
import { useT } from '../i18n/useT'
import { keyboardPlatform, recordKeyPress } from './lib/accelerator-recording'

type ShortcutRecorderProps = {
  disabled: boolean
  /** A recorded accelerator ("CommandOrControl+Alt+O"): the caller saves it. */
  onRecorded: (accelerator: string) => void
  /** Why the pressed keys cannot be a shortcut (shown as the field's error); undefined clears it. */
  onRefused: (reason: string | undefined) => void
}

/**
 * The "Record" button next to the typed shortcut: pressed, it listens for the next key
 * combination (modifiers + one key) on itself, so the keys never reach the page (Ctrl+2 would
 * otherwise switch the section). Escape, a click or leaving it (Tab) stops without a change.
 * What happens is said in a live region, since the button's own text changes under the focus.
 */
export function ShortcutRecorder({ disabled, onRecorded, onRefused }: ShortcutRecorderProps) {
  const { t } = useT()
  const [recording, setRecording] = useState(false)
  const [announcement, setAnnouncement] = useState('')

  const stop = (said: string) => {
    setRecording(false)
    setAnnouncement(said)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!recording) return
    // Tab alone still moves on (the keyboard is never trapped); blur ends the recording.
    if (event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey) return
    event.preventDefault()
    event.stopPropagation()
    const result = recordKeyPress(event, keyboardPlatform(navigator.platform))
    switch (result.kind) {
      case 'pending':
        return
      case 'cancel':
        stop(t('settings.desktop.recordingCancelled'))
        return
      case 'needs-modifier':
        onRefused(t('settings.desktop.recordNeedsModifier', { key: result.key }))
        return
      case 'unsupported':
        onRefused(t('settings.desktop.recordUnknownKey', { key: result.key }))
        return
      case 'accelerator':
        onRefused(undefined)
        stop(t('settings.desktop.recorded', { accelerator: result.accelerator }))
        onRecorded(result.accelerator)
    }
  }

  return (
    <>
      <button
        type="button"
        className={
          recording ? 'button shortcut-recorder shortcut-recorder--on' : 'button shortcut-recorder'
        }
        disabled={disabled}
        onClick={() => {
          if (recording) stop(t('settings.desktop.recordingCancelled'))
          else {
            onRefused(undefined)
            setRecording(true)
            setAnnouncement(t('settings.desktop.recordingStarted'))
          }
        }}
        onKeyDown={onKeyDown}
        onBlur={() => recording && stop(t('settings.desktop.recordingCancelled'))}
      >
        {recording ? t('settings.desktop.recording') : t('settings.desktop.record')}
      </button>
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </>
  )
}
