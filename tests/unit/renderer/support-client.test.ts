// @vitest-environment happy-dom
import type { SupportBridge } from '../../../shared/ipc/contract'
import { describe, expect, it } from 'vitest'
import { SupportError } from '../../../shared/schemas/error'
import { createSupportClient } from '../../../renderer/support-client'
import { createFakeBridge, fail, ok, signedOut } from './harness'

describe('support client', () => {
  it('resolves with the value of a successful command', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedOut()) })

    await expect(createSupportClient(fake.bridge).invoke('session.get', {})).resolves.toEqual(signedOut())
    expect(fake.invocations).toEqual([{ command: 'session.get', input: {} }])
  })

  it('throws a SupportError carrying the code, fields and wait of a failure', async () => {
    const fake = createFakeBridge({
      'session.signIn': () => fail('rate_limited', 'Slow down', { retryAfterSeconds: 12 }),
    })
    const client = createSupportClient(fake.bridge)

    const error = await client
      .invoke('session.signIn', { helpCenterUrl: 'https://help.example.com', email: 'a@b.example', password: 'x' })
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(SupportError)
    expect((error as SupportError).toBody()).toEqual({ code: 'rate_limited', message: 'Slow down', retryAfterSeconds: 12 })
  })

  it('turns a broken bridge into an internal SupportError', async () => {
    const bridge: SupportBridge = {
      invoke: async () => {
        throw new Error('An object could not be cloned')
      },
      on: () => () => {},
    }

    await expect(createSupportClient(bridge).invoke('session.get', {})).rejects.toMatchObject({
      name: 'SupportError',
      code: 'internal',
      message: 'An object could not be cloned',
    })
  })

  it('passes events through and returns the unsubscribe function', () => {
    const fake = createFakeBridge()
    const client = createSupportClient(fake.bridge)
    const received: unknown[] = []

    const unsubscribe = client.on('session.changed', (state) => received.push(state))
    fake.emit('session.changed', signedOut())
    unsubscribe()
    fake.emit('session.changed', signedOut({ notice: 'ignored' }))

    expect(received).toEqual([signedOut()])
  })
})
