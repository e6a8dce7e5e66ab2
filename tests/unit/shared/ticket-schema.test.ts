import { describe, expect, it } from 'vitest'
import { fieldErrors } from '../../../shared/schemas/error'
import { mutationSchema, newTicketSchema } from '../../../shared/schemas/ticket'

const technical = {
  kind: 'technical',
  summary: 'TiKV region unavailable after scale-in',
  organizationId: 'org-sakura',
  clusterId: 'cl-payments-prod',
  environment: 'production',
  description: '2026-11-23 10:02 JST: [ERROR] region unavailable ...',
  severity: 'S1',
  component: 'tikv',
  affectedVersion: 'v8.5.1',
}

describe('ticket schemas', () => {
  it('accepts a complete technical ticket', () => {
    expect(newTicketSchema.parse(technical)).toMatchObject({ kind: 'technical', severity: 'S1' })
  })

  it('refuses S1 for account or billing tickets, naming the field', () => {
    const result = newTicketSchema.safeParse({ kind: 'account_billing', summary: 'Invoice', description: 'Wrong VAT', severity: 'S1' })
    expect(result.success).toBe(false)
    if (!result.success) expect(fieldErrors(result.error).severity).toMatch(/S1 is not available/)
    expect(newTicketSchema.safeParse({ kind: 'account_billing', summary: 'Invoice', description: 'Wrong VAT', severity: 'S2' }).success).toBe(true)
  })

  it('names every missing field of a technical ticket', () => {
    const result = newTicketSchema.safeParse({ kind: 'technical', summary: ' ', description: '' })
    expect(result.success).toBe(false)
    if (!result.success) {
      expect(Object.keys(fieldErrors(result.error)).sort()).toEqual(
        ['affectedVersion', 'component', 'description', 'environment', 'organizationId', 'severity', 'summary'].sort(),
      )
    }
  })

  it('requires client-generated UUIDs on mutations', () => {
    const mutation = { id: 'not-a-uuid', type: 'comment.add', commentId: crypto.randomUUID(), ticketId: crypto.randomUUID(), body: 'Thanks' }
    expect(mutationSchema.safeParse(mutation).success).toBe(false)
    expect(mutationSchema.safeParse({ ...mutation, id: crypto.randomUUID() }).success).toBe(true)
  })
})
