import { z } from 'zod'
import { isoTimestamp } from './common'

/** Ready (migrated, seeded) and the calendar the service judges subscriptions by. */
export const healthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  realTime: isoTimestamp,
  calendarTime: isoTimestamp,
  devTimeOffsetDays: z.number(),
})
export type Health = z.infer<typeof healthSchema>
