import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { HelpCenterClient, type Fetch } from '../../../electron/core/help-center/help-center-client'

function networkError(code: string): TypeError {
  return Object.assign(new TypeError('fetch failed'), { cause: { code } })
}

const health = z.object({ status: z.literal('ok') })

describe('help-center client', () => {
  it('repeats a request once when a kept-alive connection turns out to be dead', async () => {
    const fetch = vi
      .fn<Fetch>()
      .mockRejectedValueOnce(networkError('UND_ERR_SOCKET'))
      .mockResolvedValueOnce(Response.json({ status: 'ok' }))
    const client = new HelpCenterClient('http://127.0.0.1:4010', fetch)
    await expect(client.request('/health', { response: health })).resolves.toEqual({ status: 'ok' })
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('does not hammer a help center that refuses connections', async () => {
    const fetch = vi.fn<Fetch>().mockRejectedValue(networkError('ECONNREFUSED'))
    const client = new HelpCenterClient('http://127.0.0.1:4010', fetch)
    await expect(client.request('/health', { response: health })).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringContaining('connection refused'),
    })
    expect(fetch).toHaveBeenCalledOnce()
  })
})
