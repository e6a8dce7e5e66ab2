import type { types } from '@slack/bolt'
import { TICKET_KIND_NAMES } from './slack-messages'
import { shorten, summaryFrom } from './slack-text'
import type { Cluster } from '../../shared/schemas/account'
import { fieldErrors } from '../../shared/schemas/error'
import type { SlackTicketFormMetadata, SlackViewState } from '../../shared/schemas/slack'
import {
  TICKET_SUMMARY_MAX,
  newTicketSchema,
  type NewTicket,
} from '../../shared/schemas/ticket'
import { SEVERITIES, allowsTechnicalTickets, type Severity, type SupportPlanId } from '../../shared/domain/support-plan'
import {
  ACCOUNT_BILLING_SEVERITIES,
  COMPONENTS,
  ENVIRONMENTS,
  SEVERITY_MEANINGS,
  TICKET_KINDS,
  type Component,
  type Environment,
  type TicketKind,
} from '../../shared/domain/ticket'

export const TICKET_FORM_CALLBACK = 'ticket_form'
/** The kind select redraws the form (views.update), as the desktop form shows other fields per kind. */
export const TICKET_KIND_ACTION = 'ticket_kind'
const VALUE_ACTION = 'value'

/** Block ids are the ticket's field names, so the shared schema's errors land beside their input. */
type FormBlock = 'kind' | 'summary' | 'clusterId' | 'environment' | 'description' | 'severity' | 'component' | 'affectedVersion'

/** Slack caps text inputs at 3,000 characters, below the ticket's own limit. */
const SLACK_TEXT_INPUT_MAX = 3_000
/** And option texts at 75. */
const OPTION_TEXT_MAX = 75

const ENVIRONMENT_LABELS: Record<Environment, string> = {
  production: 'Production',
  non_production: 'Non-production',
}

const COMPONENT_LABELS: Record<Component, string> = {
  tidb: 'TiDB',
  tikv: 'TiKV',
  pd: 'PD',
  tiflash: 'TiFlash',
  ticdc: 'TiCDC',
  br: 'BR',
  lightning: 'TiDB Lightning',
  dm: 'DM',
  other: 'Other',
}

export interface TicketFormOrganization {
  id: string
  name: string
  plan: SupportPlanId
  clusters: Cluster[]
}

export interface TicketFormContext {
  metadata: SlackTicketFormMetadata
  organization: TicketFormOrganization
  kind: TicketKind
  /** The mention's text, the form's starting point. */
  description: string
}

const plainText = (text: string): types.PlainTextElement => ({ type: 'plain_text', text })
const option = (value: string, text: string, description?: string): types.PlainTextOption => ({
  value,
  text: plainText(shorten(text, OPTION_TEXT_MAX)),
  ...(description ? { description: plainText(shorten(description, OPTION_TEXT_MAX)) } : {}),
})

function select(block: FormBlock, label: string, options: types.PlainTextOption[], extra: Partial<types.InputBlock> = {}): types.InputBlock {
  return {
    type: 'input',
    block_id: block,
    label: plainText(label),
    element: { type: 'static_select', action_id: VALUE_ACTION, options, placeholder: plainText('Choose…') },
    ...extra,
  }
}

function textInput(
  block: FormBlock,
  label: string,
  element: Partial<types.PlainTextInput>,
  extra: Partial<types.InputBlock> = {},
): types.InputBlock {
  return {
    type: 'input',
    block_id: block,
    label: plainText(label),
    element: { type: 'plain_text_input', action_id: VALUE_ACTION, ...element },
    ...extra,
  }
}

/** The kinds this organization's plan allows, technical first: what the desktop form offers it. */
function allowedKinds(plan: SupportPlanId): TicketKind[] {
  return allowsTechnicalTickets(plan) ? ['technical', 'account_billing'] : ['account_billing']
}

/** The kind a new form starts with. */
export function firstKind(plan: SupportPlanId): TicketKind {
  return allowedKinds(plan)[0]!
}

/** The desktop form's fields and choices for this kind: S1 is not offered for account or billing tickets. */
export function ticketFormView(context: TicketFormContext): types.ModalView {
  const { organization, kind, metadata } = context
  const severities: readonly Severity[] = kind === 'account_billing' ? ACCOUNT_BILLING_SEVERITIES : SEVERITIES
  const kinds = allowedKinds(organization.plan)
  const blocks: types.KnownBlock[] = [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `For *${organization.name}*, filed as ${metadata.filerName} (${metadata.filerEmail})` }],
    },
    {
      type: 'input',
      block_id: 'kind',
      dispatch_action: true,
      label: plainText('Kind of request'),
      element: {
        type: 'static_select',
        action_id: TICKET_KIND_ACTION,
        options: kinds.map((value) => option(value, TICKET_KIND_NAMES[value])),
        initial_option: option(kind, TICKET_KIND_NAMES[kind]),
      },
    },
    textInput('summary', 'Summary', {
      max_length: TICKET_SUMMARY_MAX,
      initial_value: summaryFrom(context.description, TICKET_SUMMARY_MAX),
    }),
  ]
  if (organization.clusters.length > 0) {
    blocks.push(
      select(
        'clusterId',
        kind === 'technical' ? 'Cluster' : 'Cluster (if applicable)',
        organization.clusters.map((cluster) => option(cluster.id, cluster.name, `${cluster.tier} · ${cluster.tidbVersion}`)),
        { optional: true },
      ),
    )
  }
  if (kind === 'technical') {
    blocks.push(select('environment', 'Environment', ENVIRONMENTS.map((value) => option(value, ENVIRONMENT_LABELS[value]))))
  }
  blocks.push(
    textInput(
      'description',
      'Description',
      { multiline: true, max_length: SLACK_TEXT_INPUT_MAX, initial_value: context.description.slice(0, SLACK_TEXT_INPUT_MAX) },
      kind === 'technical'
        ? { hint: plainText('Exact timestamps with the time zone, full error messages, call stacks and what you already tried.') }
        : {},
    ),
    select('severity', 'Severity', severities.map((value) => option(value, value, SEVERITY_MEANINGS[value]))),
  )
  if (kind === 'technical') {
    blocks.push(
      select('component', 'Component', COMPONENTS.map((value) => option(value, COMPONENT_LABELS[value]))),
      textInput(
        'affectedVersion',
        'Affected version',
        { placeholder: plainText('v8.5.1') },
        { optional: true, hint: plainText("Leave it empty to use the chosen cluster's TiDB version.") },
      ),
    )
  }
  return {
    type: 'modal',
    callback_id: TICKET_FORM_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: plainText('New support ticket'),
    submit: plainText('Create'),
    close: plainText('Cancel'),
    blocks,
  }
}

/** The kind the form shows now; a select left empty means the form's first kind. */
export function chosenKind(values: SlackViewState | undefined): string | undefined {
  return values?.kind?.[TICKET_KIND_ACTION]?.selected_option?.value
}

export type FormResult = { ok: true; ticket: NewTicket } | { ok: false; errors: Partial<Record<FormBlock, string>> }

const FORM_BLOCKS: readonly string[] = ['kind', 'summary', 'clusterId', 'environment', 'description', 'severity', 'component', 'affectedVersion']
const isFormBlock = (name: string): name is FormBlock => FORM_BLOCKS.includes(name)

/**
 * The submitted form as a new ticket, checked with the same schema and plan rule as the desktop form and the help
 * center; or Slack's `errors`, each under the field it is about.
 */
export function ticketFromForm(values: SlackViewState, organization: TicketFormOrganization): FormResult {
  const text = (block: FormBlock) => values[block]?.[VALUE_ACTION]?.value ?? ''
  const choice = (block: FormBlock) => values[block]?.[VALUE_ACTION]?.selected_option?.value ?? undefined
  const kind = chosenKind(values)
  if (!TICKET_KINDS.some((known) => known === kind)) return { ok: false, errors: { kind: 'Choose the kind of request' } }
  if (kind === 'technical' && !allowsTechnicalTickets(organization.plan)) {
    return {
      ok: false,
      errors: { kind: `${organization.name} is on the Basic plan, which does not include technical support tickets` },
    }
  }
  const clusterId = choice('clusterId')
  const cluster = organization.clusters.find(({ id }) => id === clusterId)
  const candidate =
    kind === 'technical'
      ? {
          kind,
          summary: text('summary'),
          organizationId: organization.id,
          clusterId,
          environment: choice('environment'),
          description: text('description'),
          severity: choice('severity'),
          component: choice('component'),
          affectedVersion: text('affectedVersion').trim() || cluster?.tidbVersion || '',
        }
      : {
          kind,
          summary: text('summary'),
          organizationId: organization.id,
          clusterId,
          description: text('description'),
          severity: choice('severity'),
        }
  const parsed = newTicketSchema.safeParse(candidate)
  if (parsed.success) return { ok: true, ticket: parsed.data }
  const errors: Partial<Record<FormBlock, string>> = {}
  for (const [path, message] of Object.entries(fieldErrors(parsed.error))) {
    // The organization is the channel's, never typed: anything not beside an input is about the kind.
    const block = isFormBlock(path) ? path : 'kind'
    errors[block] ??= message
  }
  return { ok: false, errors }
}
