/**
 * Clock skew from an HTTP `Date` header (RFC 9110 §6.6.1): the service's clock minus ours.
 *
 * The header has one-second resolution and is stamped somewhere between our sending and our
 * receiving. So the service's time when it stamped lies in [date, date + 1 s), estimated by
 * its middle (date + 500 ms), and our time at that moment is estimated by the middle of the
 * round trip (half the latency each way). The error is then at most half the round trip plus
 * half a second, which is far below what makes a 30 s TOTP code fail; using the receive time
 * instead would add the whole round trip on a slow link, and the bare header up to a second.
 */
export interface ClockSample {
  /** Service clock minus this computer's clock, in ms (positive: the service is ahead). */
  skewMs: number
  /** Our clock when it was measured (the middle of the round trip). */
  measuredAt: number
}

const halfSecond = 500

export function clockSkewFrom(input: {
  dateHeader: string | null
  sentAt: number
  receivedAt: number
}): ClockSample | null {
  if (input.dateHeader === null) return null
  const stamped = Date.parse(input.dateHeader)
  if (Number.isNaN(stamped)) return null
  const measuredAt = Math.round((input.sentAt + input.receivedAt) / 2)
  return { skewMs: stamped + halfSecond - measuredAt, measuredAt }
}
