// @vitest-environment happy-dom
import type { Preferences, PreferencesPatch } from '../../../shared/schemas/preferences'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_PREFERENCES } from '../../../shared/schemas/preferences'
import { createFakeBridge, fail, ok, renderApp, signedIn } from './harness'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

afterEach(() => {
  vi.useRealTimers()
})

type Wrapper = Awaited<ReturnType<typeof renderApp>>['wrapper']

function preferences(overrides: Partial<Preferences['notifications']> = {}): Preferences {
  const defaults = structuredClone(DEFAULT_PREFERENCES)
  return { ...defaults, notifications: { ...defaults.notifications, ...overrides } }
}

/** Keeps preferences as electron-store would: each update merged into what was there. */
function preferencesBridge(initial: Preferences = preferences(), overrides: Parameters<typeof createFakeBridge>[0] = {}) {
  let stored = initial
  const merge = (patch: PreferencesPatch): Preferences => ({
    closeToTray: patch.closeToTray ?? stored.closeToTray,
    language: patch.language ?? stored.language,
    notifications: {
      ...stored.notifications,
      ...patch.notifications,
      quietHours: { ...stored.notifications.quietHours, ...patch.notifications?.quietHours },
    },
  })
  return createFakeBridge({
    'session.get': () => ok(signedIn()),
    'preferences.get': () => ok(stored),
    'preferences.update': (patch) => {
      stored = merge(patch)
      return ok(stored)
    },
    ...overrides,
  })
}

const updates = (fake: ReturnType<typeof createFakeBridge>) =>
  fake.invocations.filter(({ command }) => command === 'preferences.update').map(({ input }) => input)

const switchOf = (wrapper: Wrapper, testId: string) => wrapper.get(`[data-testid="${testId}"] [role="switch"]`)
const isOn = (wrapper: Wrapper, testId: string) => switchOf(wrapper, testId).attributes('aria-checked') === 'true'

async function toggle(wrapper: Wrapper, testId: string) {
  await switchOf(wrapper, testId).trigger('click')
  await flushPromises()
}

function feedbackFor(wrapper: Wrapper, testId: string) {
  const item = wrapper.get(`[data-testid="${testId}"]`).element.closest('.n-form-item')
  return item?.querySelector('.n-form-item-feedback-wrapper')?.textContent?.trim() ?? ''
}

async function typeTime(wrapper: Wrapper, testId: string, value: string) {
  const input = wrapper.get(`[data-testid="${testId}"]`)
  await input.setValue(value)
  await input.trigger('change')
  await flushPromises()
}

describe('settings: notifications', () => {
  it('shows the stored preferences, each switch labelled', async () => {
    const fake = preferencesBridge(preferences({ statusChanges: false, minimumSeverity: 'S2' }))
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/settings' })

    expect(fake.commands()).toContain('preferences.get')
    expect(isOn(wrapper, 'notifications-enabled')).toBe(true)
    expect(isOn(wrapper, 'notify-replies')).toBe(true)
    expect(isOn(wrapper, 'notify-status-changes')).toBe(false)
    expect(isOn(wrapper, 'close-to-tray')).toBe(false)
    expect(wrapper.get<HTMLInputElement>('[data-testid="minimum-severity-S2"] input').element.checked).toBe(true)
    expect(wrapper.get('[data-testid="breach-severity-S1"]').attributes('aria-checked')).toBe('true')
    expect(wrapper.get('[data-testid="breach-severity-S3"]').attributes('aria-checked')).toBe('false')
    expect(wrapper.get<HTMLInputElement>('[data-testid="quiet-hours-start"]').element.value).toBe('22:00')

    const labelledBy = switchOf(wrapper, 'close-to-tray').attributes('aria-labelledby')!
    expect(document.getElementById(labelledBy)?.textContent).toBe('Keep running in the tray when the window is closed')
    expect(document.querySelector('label[for="quiet-hours-start"]')?.textContent).toContain('From')
    // The language and theme cards stay as they were.
    expect(wrapper.text()).toContain('Language')
    expect(wrapper.find('[data-testid="sign-out"]').exists()).toBe(true)
  })

  it('sends each change as its own patch', async () => {
    const fake = preferencesBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/settings' })

    await toggle(wrapper, 'notify-replies')
    await wrapper.get('[data-testid="minimum-severity-S1"] input').setValue(true)
    await flushPromises()
    await wrapper.get('[data-testid="breach-severity-S3"]').trigger('click')
    await flushPromises()
    await toggle(wrapper, 'quiet-hours-enabled')
    await typeTime(wrapper, 'quiet-hours-end', '06:30')
    await toggle(wrapper, 'notify-sound')
    await toggle(wrapper, 'close-to-tray')

    expect(updates(fake)).toEqual([
      { notifications: { replies: false } },
      { notifications: { minimumSeverity: 'S1' } },
      { notifications: { breachSeverities: ['S1', 'S2', 'S3'] } },
      { notifications: { quietHours: { enabled: true } } },
      { notifications: { quietHours: { end: '06:30' } } },
      { notifications: { sound: false } },
      { closeToTray: true },
    ])
    expect(isOn(wrapper, 'notify-replies')).toBe(false)
    expect(isOn(wrapper, 'close-to-tray')).toBe(true)
    expect(wrapper.get<HTMLInputElement>('[data-testid="quiet-hours-end"]').element.value).toBe('06:30')
  })

  it('refuses a time that is not HH:MM in place and sends nothing', async () => {
    const fake = preferencesBridge(preferences({ quietHours: { enabled: true, start: '22:00', end: '07:00' } }))
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/settings' })

    await typeTime(wrapper, 'quiet-hours-start', '25:00')

    expect(feedbackFor(wrapper, 'quiet-hours-start')).toBe('Use a 24-hour time such as 22:00')
    expect(wrapper.get('[data-testid="quiet-hours-start"]').attributes('aria-invalid')).toBe('true')
    expect(updates(fake)).toEqual([])

    await typeTime(wrapper, 'quiet-hours-start', '23:00')
    expect(feedbackFor(wrapper, 'quiet-hours-start')).toBe('')
    expect(updates(fake)).toEqual([{ notifications: { quietHours: { start: '23:00' } } }])
  })

  it('says it in Japanese', async () => {
    const fake = preferencesBridge(preferences({ quietHours: { enabled: true, start: '22:00', end: '07:00' } }))
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/settings', locale: 'ja' })

    expect(wrapper.text()).toContain('ウィンドウを閉じてもトレイで実行を続ける')
    await typeTime(wrapper, 'quiet-hours-end', '7')
    expect(feedbackFor(wrapper, 'quiet-hours-end')).toBe('22:00 のように 24 時間表記で入力してください')
  })

  it('undoes a change the main process refuses, and says why', async () => {
    const fake = preferencesBridge(preferences(), {
      'preferences.update': () => fail('internal', 'The preferences file is read-only'),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/settings' })

    await toggle(wrapper, 'notify-sound')

    expect(updates(fake)).toEqual([{ notifications: { sound: false } }])
    expect(isOn(wrapper, 'notify-sound')).toBe(true)
    expect(wrapper.get('[data-testid="notification-settings-error"]').text())
      .toBe('The change was not saved: The preferences file is read-only')
  })

  it('pauses for an hour or until tomorrow, shows until when, and resumes', async () => {
    // Monday 2 June 2025, 10:00 local time: the pauses end at 11:00 today and 08:00 tomorrow.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2025, 5, 2, 10, 0))
    const pauseEnds = { '1h': new Date(2025, 5, 2, 11, 0), 'tomorrow': new Date(2025, 5, 3, 8, 0) }
    const fake = preferencesBridge(preferences(), {
      'notifications.pause': ({ pause }) => ok(preferences({ pausedUntil: pause === 'resume' ? null : pauseEnds[pause].toISOString() })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/settings' })
    const paused = () => wrapper.find('[data-testid="notifications-paused"]')
    // Some ICU versions put a narrow no-break space before AM.
    const pausedText = () => paused().text().replace(/\s/g, ' ')
    expect(paused().exists()).toBe(false)

    await wrapper.get('[data-testid="notifications-pause-hour"]').trigger('click')
    await flushPromises()
    expect(fake.invocations).toContainEqual({ command: 'notifications.pause', input: { pause: '1h' } })
    expect(pausedText()).toBe('Paused until 11:00 AM')

    await wrapper.get('[data-testid="notifications-pause-tomorrow"]').trigger('click')
    await flushPromises()
    expect(fake.invocations).toContainEqual({ command: 'notifications.pause', input: { pause: 'tomorrow' } })
    expect(pausedText()).toBe('Paused until Tue 8:00 AM')

    await wrapper.get('[data-testid="notifications-resume"]').trigger('click')
    await flushPromises()
    expect(fake.invocations).toContainEqual({ command: 'notifications.pause', input: { pause: 'resume' } })
    expect(paused().exists()).toBe(false)
  })

  it('follows changes made elsewhere, such as the tray', async () => {
    const fake = preferencesBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/settings' })

    fake.emit('preferences.changed', {
      ...preferences({ sound: false, pausedUntil: new Date(Date.now() + 3_600_000).toISOString() }),
      closeToTray: true,
    })
    await flushPromises()

    expect(isOn(wrapper, 'notify-sound')).toBe(false)
    expect(isOn(wrapper, 'close-to-tray')).toBe(true)
    expect(wrapper.find('[data-testid="notifications-paused"]').exists()).toBe(true)
  })

  it('tells the main process the language of the app, for the notifications it writes', async () => {
    const fake = preferencesBridge()
    await renderApp({ bridge: fake.bridge, path: '/settings', locale: 'ja' })
    await vi.waitFor(() => expect(fake.invocations.filter(({ command }) => command === 'preferences.update').map(({ input }) => input)).toEqual([{ language: 'ja' }]))

    const english = preferencesBridge()
    await renderApp({ bridge: english.bridge, path: '/settings', locale: 'en' })
    await flushPromises()
    expect(english.invocations.filter(({ command }) => command === 'preferences.update')).toEqual([])
  })
})
