import { randomBytes } from 'node:crypto'
import { SupportError } from '../shared/schemas/error'
import type { Card, PaymentMethod } from '../shared/schemas/plan'

/** The documented test card that the demo processor always declines (as the issuer would). */
export const DECLINED_TEST_CARD = '4000000000000002'

/** What the processor hands back for a saved card: an opaque token and what may be shown of the card. */
export interface SavedCard extends PaymentMethod {
  token: string
}

const BRAND_PREFIXES: [PaymentMethod['brand'], RegExp][] = [
  ['visa', /^4/],
  ['mastercard', /^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/],
  ['amex', /^3[47]/],
  ['jcb', /^35(2[89]|[3-8]\d)/],
  ['discover', /^(6011|65|64[4-9]|622)/],
]

export function cardBrand(number: string): PaymentMethod['brand'] {
  return BRAND_PREFIXES.find(([, prefix]) => prefix.test(number))?.[0] ?? 'unknown'
}

/**
 * The demo card processor: saves a card (already checked by cardSchema) and returns a token for it. A real one
 * would be called over the network; either way the number and CVC go no further than this function.
 */
export function saveCard(card: Card): SavedCard {
  if (card.number === DECLINED_TEST_CARD) {
    // The message names no digits: errors may be logged and are shown to the user.
    throw new SupportError({
      code: 'card_declined',
      message: 'Your card was declined by the issuer. Use another card.',
      fields: { 'card.number': 'Your card was declined by the issuer. Use another card.' },
    })
  }
  return {
    token: `pm_${randomBytes(18).toString('base64url')}`,
    brand: cardBrand(card.number),
    last4: card.number.slice(-4),
    expMonth: card.expMonth,
    expYear: card.expYear,
  }
}
