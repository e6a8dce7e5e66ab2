import type { HelpCenterContext } from './context'
import { demoUserId } from './seed/demo'
import { findTicket, replyAsStaff } from './tickets'
import { findUserById, toUser } from './users'
import type { Ticket } from '../shared/schemas/ticket'

export interface DemoAutoReply {
  ticketFiled(ticket: Ticket): void
  /** Cancels replies not yet sent; call before the database closes. */
  stop(): void
}

function firstResponse(ticket: Ticket, engineerName: string): string {
  const firstName = ticket.requesterName.split(' ')[0]
  const nextStep =
    ticket.kind === 'technical'
      ? 'To speed things up, could you send the exact time the problem started (with your time zone), the full ' +
        'error message and anything that changed on the cluster just before? Logs are welcome as attachments.'
      : 'I am checking your account and billing records now and will follow up here as soon as I have an answer.'
  return [
    `Hi ${firstName},`,
    `Thank you for contacting TiDB Cloud support about "${ticket.summary}". I'm ${engineerName} and I have picked up ` +
      `${ticket.key}.`,
    nextStep,
    `Best regards,\n${engineerName}, TiDB Cloud Support`,
  ].join('\n\n')
}

/**
 * The demo's stand-in for a support team: a while after a customer files a ticket, the demo engineer answers it
 * through the same path as the staff reply endpoint, so the app can show a reply arriving.
 */
export function createDemoAutoReply(ctx: HelpCenterContext, delayMs: number): DemoAutoReply {
  const timers = new Set<NodeJS.Timeout>()

  function reply(ticketId: string): void {
    const engineer = findUserById(ctx.db, demoUserId('engineer'))
    const ticket = findTicket(ctx.db, ticketId)
    // Someone may have answered already, and a store without the demo people has nobody to answer.
    if (!engineer || !ticket || ticket.firstRespondedAt !== null) return
    replyAsStaff(ctx, toUser(engineer), ticketId, { body: firstResponse(ticket, engineer.name), visibility: 'public' })
  }

  return {
    ticketFiled(ticket) {
      const timer = setTimeout(() => {
        timers.delete(timer)
        reply(ticket.id)
      }, delayMs)
      timers.add(timer)
    },
    stop() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
  }
}
