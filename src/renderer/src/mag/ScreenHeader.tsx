import type { ReactNode } from 'react'

/**
 * The bar at the top of a MAG screen: its title (the page's h1) and its actions. `titleId`
 * is the h1's id, for the screen's `aria-labelledby`.
 */
export function ScreenHeader({
  title,
  titleId,
  subtitle,
  children,
}: {
  title: string
  titleId?: string
  subtitle?: ReactNode
  children?: ReactNode
}) {
  return (
    <header className="topbar mag-topbar">
      <div className="mag-topbar__titles">
        <h1 id={titleId} className="topbar__title">
          {title}
        </h1>
        {subtitle ? <p className="mag-topbar__subtitle">{subtitle}</p> : null}
      </div>
      {children}
    </header>
  )
}
