import type { LocalAttachment, TicketConversation } from '../../../shared/schemas/local-ticket'
import type { TicketHistoryEntry } from '../../../shared/schemas/ticket-history'
import { ticket } from './harness'

/** A conversation as `tickets.get` answers it: Aiko's ticket with no replies, files or history unless given. */
export function conversation(overrides: Partial<TicketConversation> = {}): TicketConversation {
  return { ticket: ticket(), comments: [], attachments: [], history: [], ...overrides }
}

/** A log Aiko filed with the ticket, synced and cached. */
export function attachment(overrides: Partial<LocalAttachment> = {}): LocalAttachment {
  return {
    id: '3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a',
    ticketId: ticket().id,
    commentId: null,
    fileName: 'cdc-owner.log',
    contentType: 'text/plain',
    size: 48_213,
    uploaderId: 'user-1',
    uploaderName: 'Aiko Tanaka',
    createdAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    syncState: 'synced',
    cached: true,
    ...overrides,
  }
}

/** The ticket being filed: status set by Aiko 3 hours ago. */
export function historyEntry(overrides: Partial<TicketHistoryEntry> = {}): TicketHistoryEntry {
  return {
    id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
    ticketId: ticket().id,
    field: 'status',
    from: null,
    to: 'waiting_for_support',
    reason: null,
    actorId: 'user-1',
    actorName: 'Aiko Tanaka',
    actorRole: 'customer',
    at: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    ...overrides,
  }
}

/** happy-dom never reports intersections; this observer sees every element at once, so lazy thumbnails load. */
export function seeEverythingInView() {
  class ImmediateIntersectionObserver {
    constructor(private readonly callback: IntersectionObserverCallback) {}

    observe(target: Element) {
      queueMicrotask(() => {
        this.callback([{ target, isIntersecting: true } as IntersectionObserverEntry], this as unknown as IntersectionObserver)
      })
    }

    unobserve() {}
    disconnect() {}
    takeRecords() {
      return []
    }
  }
  window.IntersectionObserver = ImmediateIntersectionObserver as unknown as typeof IntersectionObserver
}

/** Hands files to a hidden file input as if the user had chosen them. */
export function chooseFiles(input: HTMLInputElement, files: File[]) {
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  input.dispatchEvent(new Event('change'))
}

/** Base64 of a string's UTF-8 bytes, to compare with what the renderer sends. */
export const base64Of = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
