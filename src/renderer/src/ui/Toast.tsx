export type ToastMessage = { text: string; tone: 'info' | 'error'; serial: number }

/**
 * A short confirmation at the bottom of the window. It fades out with a CSS animation
 * and is removed when that ends, so no script timer is left running.
 */
export function Toast({ toast, onDone }: { toast: ToastMessage | undefined; onDone: () => void }) {
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast ? (
        <div
          key={toast.serial}
          className={`toast toast--${toast.tone}`}
          onAnimationEnd={(event) => {
            if (event.animationName === 'toast-life') onDone()
          }}
        >
          {toast.text}
        </div>
      ) : null}
    </div>
  )
}
