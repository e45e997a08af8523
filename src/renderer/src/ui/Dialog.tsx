import { useEffect, useId, useRef, type ReactNode } from 'react'

type DialogProps = {
  title: string
  onClose: () => void
  children: ReactNode
  /** Extra class on the <dialog>, e.g. for width. */
  className?: string
  /** role="alertdialog" for confirmations that need an answer. */
  alert?: boolean
  describedBy?: string
}

/**
 * A modal built on the native <dialog>: the browser keeps focus inside, makes the page
 * behind inert and turns Escape into `cancel`, which we route to onClose.
 */
export function Dialog({ title, onClose, children, className, alert, describedBy }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  }, [onClose])

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const returnFocus =
      document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) dialog.showModal()
    return () => {
      if (dialog.open) dialog.close()
      // Put the keyboard back where the user was, as long as that element still exists.
      if (returnFocus?.isConnected) returnFocus.focus()
    }
  }, [])

  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      role={alert ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault()
        onCloseRef.current()
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  )
}
