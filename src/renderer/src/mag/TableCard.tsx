import type { ReactNode } from 'react'

/** A column heading: numbers align right; a hidden heading is read out but not shown. */
export type TableColumn = { label: string; numeric?: boolean; hidden?: boolean }

/** A card holding one table under its title (the region is named by the title). */
export function TableCard({
  titleId,
  title,
  columns,
  children,
}: {
  titleId: string
  title: string
  columns: readonly TableColumn[]
  /** The table's rows. */
  children: ReactNode
}) {
  return (
    <section className="card card--table" aria-labelledby={titleId}>
      <h2 id={titleId} className="card__title">
        {title}
      </h2>
      <table className="table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th
                key={column.label}
                scope="col"
                className={column.numeric ? 'table__number' : undefined}
              >
                {column.hidden ? (
                  <span className="visually-hidden">{column.label}</span>
                ) : (
                  column.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  )
}
