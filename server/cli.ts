import { parseArgs } from 'node:util'
import { DEMO_ACCOUNTS } from './seed/demo'
import { slackSettingsFromEnvironment, type SlackSettings } from './slack/settings'
import { startHelpCenter } from './start'

const USAGE = `Usage: npm run server -- [--port N] [--host H] [--db FILE] [--seed demo]

  --port N      port to listen on (default 4010; 0 picks a free one)
  --host H      address to bind (default 127.0.0.1)
  --db FILE     SQLite file, created if missing (default .tmp/help-center.sqlite)
  --seed demo   load the demo organizations and sign-ins (does nothing if already loaded)
  --help        show this message

Slack ticket bot (optional), from the environment:
  SLACK_SIGNING_SECRET  the Slack app's signing secret
  SLACK_BOT_TOKEN       its bot token (xoxb-…); both or neither
  SLACK_API_URL         Slack's Web API (default https://slack.com/api/)
  SLACK_TICKET_URL      ticket links in Slack, with {key} (default tidbcloud-support://ticket/{key})
  The Slack app's Request URL is <this server>/slack/events.`

interface CliOptions {
  port: number
  host: string
  dbFile: string
  seed: 'demo' | 'none'
  slack?: SlackSettings
}

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}

function readFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        db: { type: 'string', default: '.tmp/help-center.sqlite' },
        seed: { type: 'string', default: 'none' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error))
  }
}

function parseCli(argv: string[]): CliOptions {
  const values = readFlags(argv)
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const port = Number(values.port)
  if (!/^\d+$/.test(values.port) || port > 65535) {
    usageError(`--port must be a number from 0 to 65535, not '${values.port}'`)
  }
  if (values.seed !== 'demo' && values.seed !== 'none') usageError(`--seed accepts only 'demo', not '${values.seed}'`)
  if (values.host.trim() === '' || values.db.trim() === '') usageError('--host and --db cannot be empty')
  let slack: SlackSettings | undefined
  try {
    slack = slackSettingsFromEnvironment(process.env)
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error))
  }
  return { port, host: values.host, dbFile: values.db, seed: values.seed, slack }
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2))
  const server = await startHelpCenter(options)
  console.log(`TiDB Cloud Help Center listening on ${server.url}`)
  if (server.slackBot) console.log(`Slack ticket bot: Request URL ${server.url}/slack/events`)
  if (options.seed === 'demo') {
    console.log(`Demo sign-ins (password for all: ${DEMO_ACCOUNTS.customer.password}):`)
    for (const [role, account] of Object.entries(DEMO_ACCOUNTS)) {
      console.log(`  ${role.padEnd(16)} ${account.email.padEnd(32)} ${account.name}`)
    }
  }

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    // A second Ctrl-C means "now": skip waiting for open connections.
    if (stopping) process.exit(1)
    stopping = true
    console.log(`${signal}: closing the help center`)
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(`The help center could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
