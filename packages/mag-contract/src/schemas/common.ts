import { z } from 'zod'

export const isoTimestamp = z.string().describe('ISO-8601 timestamp, UTC')
export const money = z.number().int().describe('Amount in cents (minor unit of currency)')
