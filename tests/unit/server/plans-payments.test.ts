import { describe, expect, it } from 'vitest'
import { cardBrand, DECLINED_TEST_CARD, saveCard } from '../../../server/payments'
import { SupportError } from '../../../shared/schemas/error'
import { cardSchema } from '../../../shared/schemas/plan'

const expYear = new Date().getUTCFullYear() + 3

describe('the demo card processor', () => {
  it('tells the brand from the number', () => {
    expect(
      [
        '4242424242424242',
        '5555555555554444',
        '2223003122003222',
        '378282246310005',
        '3566002020360505',
        '6011111111111117',
        '9999999999999995',
      ].map(cardBrand),
    ).toEqual(['visa', 'mastercard', 'mastercard', 'amex', 'jcb', 'discover', 'unknown'])
  })

  it('returns a random token and only what may be shown of the card', () => {
    const card = cardSchema.parse({ holderName: 'A', number: '4242 4242 4242 4242', expMonth: 4, expYear, cvc: '321' })
    const first = saveCard(card)
    expect(first).toEqual({ token: expect.stringMatching(/^pm_/), brand: 'visa', last4: '4242', expMonth: 4, expYear })
    expect(first.token).not.toContain('4242')
    expect(saveCard(card).token).not.toBe(first.token)
  })

  it('declines the documented test card without echoing it', () => {
    const card = cardSchema.parse({ holderName: 'A', number: DECLINED_TEST_CARD, expMonth: 4, expYear, cvc: '321' })
    const error = (() => {
      try {
        saveCard(card)
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(SupportError)
    expect((error as SupportError).code).toBe('card_declined')
    expect(JSON.stringify((error as SupportError).toBody())).not.toContain(DECLINED_TEST_CARD)
  })
})
