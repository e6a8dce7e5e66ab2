// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signInInputSchema } from '../../../shared/schemas/session'
import { createFakeBridge, fail, ok, renderApp, signedIn, signedOut } from './harness'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

/** The message the shared schema gives for a value, so the test follows the schema's wording. */
function schemaMessage(field: 'helpCenterUrl' | 'email', value: string) {
  const result = signInInputSchema.shape[field].safeParse(value)
  if (result.success) throw new Error(`${value} unexpectedly passes as ${field}`)
  return result.error.issues[0]!.message
}

async function fillIn(wrapper: Awaited<ReturnType<typeof renderApp>>['wrapper'], values: { url: string, email: string, password: string }) {
  await wrapper.get('[data-testid="sign-in-url"]').setValue(values.url)
  await wrapper.get('[data-testid="sign-in-email"]').setValue(values.email)
  await wrapper.get('[data-testid="sign-in-password"]').setValue(values.password)
}

function feedbackFor(testId: string) {
  const item = document.querySelector(`[data-testid="${testId}"]`)?.closest('.n-form-item')
  return item?.querySelector('.n-form-item-feedback-wrapper')?.textContent?.trim() ?? ''
}

describe('sign-in screen', () => {
  it('shows the schema message under each invalid field and does not send the form', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedOut()) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/sign-in' })

    await fillIn(wrapper, { url: 'help.example.com', email: 'aiko-at-acme', password: 'secret' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(feedbackFor('sign-in-url')).toBe(schemaMessage('helpCenterUrl', 'help.example.com'))
    expect(feedbackFor('sign-in-email')).toBe(schemaMessage('email', 'aiko-at-acme'))
    expect(feedbackFor('sign-in-password')).toBe('')
    expect(fake.commands()).toEqual(['session.get'])
  })

  it('translates the schema messages in Japanese', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedOut()) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/sign-in', locale: 'ja' })

    await fillIn(wrapper, { url: '', email: 'aiko@acme.example', password: '' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(feedbackFor('sign-in-url')).toBe('ヘルプセンターの URL を入力してください')
    expect(feedbackFor('sign-in-password')).toBe('パスワードを入力してください')
    expect(fake.commands()).toEqual(['session.get'])
  })

  it('sends valid input and says the password is wrong when the help center refuses it', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedOut()),
      'session.signIn': () => fail('unauthorized', 'Invalid credentials'),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/sign-in' })

    await fillIn(wrapper, { url: ' https://help.example.com ', email: 'aiko@acme.example', password: 'wrong' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(fake.invocations.at(-1)).toEqual({
      command: 'session.signIn',
      input: { helpCenterUrl: 'https://help.example.com', email: 'aiko@acme.example', password: 'wrong' },
    })
    expect(wrapper.get('[data-testid="sign-in-error"]').text()).toBe('The email or password is incorrect.')
  })

  it('names the address it could not reach', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedOut()),
      'session.signIn': () => fail('unreachable', 'connect ECONNREFUSED'),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/sign-in' })

    await fillIn(wrapper, { url: 'https://help.example.com', email: 'aiko@acme.example', password: 'secret' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(wrapper.get('[data-testid="sign-in-error"]').text())
      .toBe('Can\'t reach https://help.example.com. Check the address and your connection.')
  })

  it('tells how long to wait when rate limited', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedOut()),
      'session.signIn': () => fail('rate_limited', 'Too many requests', { retryAfterSeconds: 30 }),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/sign-in' })

    await fillIn(wrapper, { url: 'https://help.example.com', email: 'aiko@acme.example', password: 'secret' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(wrapper.get('[data-testid="sign-in-error"]').text()).toBe('Too many sign-in attempts. Try again in 30 seconds.')
  })

  it('puts the help center\'s field complaints beside the fields', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedOut()),
      'session.signIn': () => fail('invalid_input', 'Invalid sign-in: check email', { fields: { email: 'This address is not allowed' } }),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/sign-in' })

    await fillIn(wrapper, { url: 'https://help.example.com', email: 'aiko@acme.example', password: 'secret' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(feedbackFor('sign-in-email')).toBe('This address is not allowed')
    expect(wrapper.find('[data-testid="sign-in-error"]').exists()).toBe(false)
  })

  it('starts the demo help center and moves on to the tickets', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedOut()),
      'session.useDemo': () => ok(signedIn({ account: { id: 'demo', helpCenterUrl: 'http://127.0.0.1:4000', email: 'demo@example.com', embedded: true } })),
    })
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/sign-in' })

    await wrapper.get('[data-testid="use-demo"]').trigger('click')
    await flushPromises()

    expect(fake.invocations).toContainEqual({ command: 'session.useDemo', input: {} })
    expect(router.currentRoute.value.name).toBe('tickets')
    expect(wrapper.find('[data-testid="status-bar"]').exists()).toBe(true)
  })

  it('hides the demo button when no demo help center is available', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedOut({ demoAvailable: false })) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/sign-in' })

    expect(wrapper.find('[data-testid="use-demo"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="sign-in-submit"]').exists()).toBe(true)
  })

  it('prefills the last account, shows the notice and focuses the password', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedOut({
        lastHelpCenterUrl: 'https://help.example.com',
        lastEmail: 'aiko@acme.example',
        notice: 'Your session expired. Sign in again.',
      })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets' })

    const url = wrapper.get<HTMLInputElement>('[data-testid="sign-in-url"]')
    expect(url.element.value).toBe('https://help.example.com')
    expect(wrapper.get<HTMLInputElement>('[data-testid="sign-in-email"]').element.value).toBe('aiko@acme.example')
    expect(wrapper.get('[data-testid="sign-in-error"]').text()).toBe('Your session expired. Sign in again.')
    expect(document.activeElement).toBe(wrapper.get('[data-testid="sign-in-password"]').element)
    expect(document.querySelector('label[for="sign-in-password"]')?.textContent).toContain('Password')
  })
})
