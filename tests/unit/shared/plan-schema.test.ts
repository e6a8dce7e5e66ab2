import { describe, expect, it } from 'vitest'
import { cardSchema, luhnValid } from '../../../shared/schemas/plan'

const nextYear = new Date().getUTCFullYear() + 1
const card = (overrides: Record<string, unknown> = {}) => ({
  holderName: 'Aiko Sato',
  number: '4242 4242 4242 4242',
  expMonth: 12,
  expYear: nextYear,
  cvc: '737',
  ...overrides,
})

describe('card form schema', () => {
  it('applies the Luhn check', () => {
    expect(luhnValid('4242424242424242')).toBe(true)
    expect(luhnValid('4000000000000002')).toBe(true)
    expect(luhnValid('4242424242424241')).toBe(false)
  })

  it('normalises spaces and dashes, and names each bad field', () => {
    expect(cardSchema.parse(card({ number: '4242-4242-4242-4242' })).number).toBe('4242424242424242')
    const fieldOf = (overrides: Record<string, unknown>) => cardSchema.safeParse(card(overrides)).error?.issues[0]?.path.join('.')
    expect(fieldOf({ number: '4242 4242 4242 4241' })).toBe('number')
    expect(fieldOf({ number: '4242' })).toBe('number')
    expect(fieldOf({ cvc: '12' })).toBe('cvc')
    expect(fieldOf({ expMonth: 13 })).toBe('expMonth')
    expect(fieldOf({ holderName: '  ' })).toBe('holderName')
  })

  it('refuses an expired card but accepts one that expires at the end of this month', () => {
    const now = new Date()
    expect(cardSchema.safeParse(card({ expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() })).success).toBe(true)
    const expired = cardSchema.safeParse(card({ expMonth: 1, expYear: now.getUTCFullYear() - 1 }))
    expect(expired.error?.issues[0]).toMatchObject({ path: ['expYear'], message: 'This card has expired' })
  })
})
