import { insertAttachment, type AttachmentFile } from '../attachments'
import type { HelpCenterDatabase } from '../database'
import { supportPlanOf } from '../organizations'
import { findTicket, insertTicket, recordCustomerReply, recordStaffReply, updateTicket } from '../tickets'
import { demoUserId, type DemoAccountKey } from './demo'
import { CHANGEFEED_CONFIG, PENDING_COMPACTION_CHART, WRITE_STALL_LOG, type DemoFile } from './demo-files'
import type { NewTicket } from '../../shared/schemas/ticket'
import type { Priority } from '../../shared/domain/ticket'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

interface DemoPost {
  /** Minutes after the ticket was filed. */
  at: number
  by: 'requester' | 'engineer' | 'tam'
  body: string
  internal?: boolean
  files?: DemoFile[]
}

interface DemoTicket {
  requester: DemoAccountKey
  timeZone: string
  /** Filed this long before the seeding, so the history always looks recent. */
  ageMs: number
  ticket: NewTicket
  /** Attached when the ticket was filed. */
  files?: DemoFile[]
  /** The TAM's triage, minutes after filing and before the first post: support's eyes only. */
  triage?: { at: number; priority: Priority; labels?: string[] }
  posts: DemoPost[]
  /** Support's last word, minutes after filing. */
  finally?: { at: number; status: 'resolved' | 'closed' }
}

const TOKYO = 'Asia/Tokyo'

// Oldest first, so that the keys (SUP-1001, ...) follow the filing order.
const DEMO_TICKETS: DemoTicket[] = [
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 58 * DAY,
    ticket: {
      kind: 'technical',
      summary: 'Write stall on payments-prod during the month-end settlement batch',
      organizationId: 'org-sakura',
      clusterId: 'cl-payments-prod',
      environment: 'production',
      severity: 'S2',
      component: 'tikv',
      affectedVersion: 'v8.5.1',
      description:
        'Since 01:10 JST our settlement batch (bulk INSERT ... ON DUPLICATE KEY UPDATE into payments.settlements) ' +
        'has slowed from ~40k rows/s to under 3k rows/s. The TiKV logs on two stores show:\n\n' +
        '[WARN] [raftstore] ["Write stall: too many pending compaction bytes"] [cf=write] [pending_bytes=412GiB]\n\n' +
        'P99 write latency in the console went from 8 ms to 1.9 s. We already reduced the batch size from 5000 to ' +
        '1000 rows and paused the ledger export job; neither helped.',
    },
    files: [WRITE_STALL_LOG],
    posts: [
      {
        at: 42,
        by: 'engineer',
        files: [PENDING_COMPACTION_CHART],
        body:
          'Hi Aiko, thanks for the detailed report. The pending compaction bytes on tikv-2 and tikv-4 are well above ' +
          'the soft limit, so RocksDB is throttling writes. We have temporarily raised ' +
          'rocksdb.writecf.soft-pending-compaction-bytes-limit and added compaction threads on those stores. Could ' +
          'you tell us whether throughput recovers over the next 30 minutes? The attached chart shows tikv-2 going ' +
          'over the limit at 01:10.',
      },
      {
        at: 95,
        by: 'requester',
        body: 'Throughput is back to ~35k rows/s and the batch finished at 02:58. Thank you!',
      },
      {
        at: 130,
        by: 'engineer',
        body:
          'Glad to hear it. For the next month-end run we recommend splitting the batch by settlement date so the ' +
          'writes spread across more regions. I will close this ticket; reply here if the stall comes back.',
      },
    ],
    finally: { at: 131, status: 'closed' },
  },
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 51 * DAY,
    ticket: {
      kind: 'account_billing',
      summary: 'Invoice shows a duplicate charge for ledger-analytics',
      organizationId: 'org-sakura',
      clusterId: 'cl-ledger-analytics',
      severity: 'S3',
      description:
        'Our latest invoice lists the ledger-analytics Dedicated cluster twice for the same period (two lines of ' +
        '2,232 node-hours each). We only run one cluster with that name. Please check and issue a credit.',
    },
    posts: [
      {
        at: 300,
        by: 'engineer',
        body:
          'Hi Aiko, you are right: the cluster was counted twice after its scale-out on the 14th. Billing has issued ' +
          'a credit for the duplicate line; it will appear on your next invoice.',
      },
      { at: 520, by: 'requester', body: 'Confirmed, we can see the pending credit in the billing page. Thanks.' },
    ],
    finally: { at: 600, status: 'closed' },
  },
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 44 * DAY,
    ticket: {
      kind: 'account_billing',
      summary: 'What changes when Pebble Labs moves from Basic to Developer support?',
      organizationId: 'org-pebble',
      severity: 'S4',
      description:
        'We are about to take pebble-prototype to our first pilot users. Does the Developer plan start with a free ' +
        'trial, and can we downgrade again after the pilot without losing our ticket history?',
    },
    posts: [
      {
        at: 1_100,
        by: 'engineer',
        body:
          'Hi Aiko, the Developer plan comes with a one-month free trial and adds technical support tickets with ' +
          'business-hours response targets. You can downgrade from the same page at any time; your tickets stay ' +
          'visible either way.',
      },
    ],
    finally: { at: 4_000, status: 'resolved' },
  },
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 37 * DAY,
    ticket: {
      kind: 'technical',
      summary: 'TiFlash replica for ledger_entries stuck at 33% for two days',
      organizationId: 'org-sakura',
      clusterId: 'cl-ledger-analytics',
      environment: 'production',
      severity: 'S3',
      component: 'tiflash',
      affectedVersion: 'v8.1.2',
      description:
        'We ran ALTER TABLE ledger.ledger_entries SET TIFLASH REPLICA 2 two days ago. ' +
        'information_schema.tiflash_replica still shows AVAILABLE = 0 and PROGRESS = 0.33. The table has about ' +
        '1.8 billion rows. The TiFlash log repeats:\n\n' +
        '[WARN] [ApplySnapshot] ["region_id=884213 apply snapshot timeout, will retry"]',
    },
    posts: [
      {
        at: 180,
        by: 'engineer',
        body:
          'Hi Aiko, we can see the snapshot retries. Could you confirm whether a large DELETE or TTL job ran on ' +
          'ledger_entries while the replica was being built?',
      },
      {
        at: 190,
        by: 'engineer',
        internal: true,
        body: 'Snapshot apply is timing out on tiflash-1 only; disk is at 91%. Asked infra to expand the volume.',
      },
      { at: 400, by: 'requester', body: 'Yes, our nightly archive job deletes ~20M old rows around 03:00 JST.' },
      {
        at: 900,
        by: 'engineer',
        body:
          'Thanks, that matches. We expanded the TiFlash storage and the replica reached 100% an hour ago. ' +
          'We suggest running the archive job in smaller batches while a new replica is being built.',
      },
    ],
    finally: { at: 2_000, status: 'resolved' },
  },
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 29 * DAY,
    ticket: {
      kind: 'technical',
      summary: 'payments-prod rejecting queries: Region is unavailable',
      organizationId: 'org-sakura',
      clusterId: 'cl-payments-prod',
      environment: 'production',
      severity: 'S1',
      component: 'tidb',
      affectedVersion: 'v8.5.1',
      description:
        'Since 14:02 JST every payment authorisation fails. The application log shows:\n\n' +
        'ERROR 9005 (HY000): Region is unavailable\n\n' +
        'Some reads succeed but all writes to payments.authorisations fail. No deployment or config change on our ' +
        'side today. This is a full outage of card payments.',
    },
    posts: [
      {
        at: 18,
        by: 'engineer',
        body:
          'Hi Aiko, we are on it. One TiKV node in ap-northeast-1a lost its disk and the regions whose leaders were ' +
          'there are being re-elected. We are adding a replacement store now and will update you within 30 minutes.',
      },
      {
        at: 22,
        by: 'engineer',
        internal: true,
        body: 'EBS volume failure on tikv-3. PD is scheduling replicas away; watch for regions with only one peer.',
      },
      {
        at: 47,
        by: 'engineer',
        body:
          'All regions have a leader again and writes have been succeeding since 14:41 JST. We will send a full ' +
          'incident report within two business days.',
      },
      { at: 60, by: 'requester', body: 'Confirmed, payments are flowing again. Looking forward to the report.' },
    ],
    finally: { at: 3_000, status: 'closed' },
  },
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 21 * DAY,
    ticket: {
      kind: 'technical',
      summary: 'Are ON DELETE CASCADE foreign keys supported on Serverless?',
      organizationId: 'org-sakura',
      clusterId: 'cl-fraud-sandbox',
      environment: 'non_production',
      severity: 'S4',
      component: 'tidb',
      affectedVersion: 'v8.5.1',
      description:
        'In fraud-sandbox, CREATE TABLE ... REFERENCES cases (id) ON DELETE CASCADE succeeds, but deleting a case ' +
        'leaves the child rows behind. Is this expected, or do we need to enable something?',
    },
    posts: [
      {
        at: 600,
        by: 'engineer',
        body:
          'Hi Aiko, foreign keys are enforced only when foreign_key_checks is ON for the session. Your connection ' +
          'pool sets it to OFF (SHOW VARIABLES LIKE \'foreign_key_checks\' confirms). With it ON, the cascade works.',
      },
      { at: 700, by: 'requester', body: 'That was it, our ORM turned it off. Thanks!' },
    ],
    finally: { at: 720, status: 'resolved' },
  },
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 14 * DAY,
    ticket: {
      kind: 'account_billing',
      summary: 'Change the sign-in email of my TiDB Cloud account',
      severity: 'S3',
      description:
        'I would like to change the email address I sign in with from my old team alias to ' +
        'aiko@sakura-fintech.example. I cannot find the option in the account settings.',
    },
    posts: [
      {
        at: 900,
        by: 'engineer',
        body:
          'Hi Aiko, we can change it for you. To confirm the request, please reply from the old address or ask ' +
          'another owner of Sakura Fintech to confirm here.',
      },
    ],
  },
  {
    requester: 'member',
    timeZone: 'America/Los_Angeles',
    ageMs: 12 * DAY,
    ticket: {
      kind: 'technical',
      summary: 'Leaderboard reads fail with "TiKV server is busy" at tournament peak',
      organizationId: 'org-northwind',
      clusterId: 'cl-leaderboard-prod',
      environment: 'production',
      severity: 'S2',
      component: 'tikv',
      affectedVersion: 'v7.5.6',
      description:
        'During Saturday\'s tournament (18:00-19:30 PT) about 4% of leaderboard queries failed with\n\n' +
        'ERROR 9003 (HY000): TiKV server is busy\n\n' +
        'CPU on the TiKV nodes was around 85%. We expect twice the traffic next weekend.',
    },
    posts: [
      {
        at: 420,
        by: 'engineer',
        body:
          'Hi Ben, the unified read pool was saturated by a hot region holding the top-100 ranking. Could you share ' +
          'the query that loads the ranking? A covering index or follower reads would spread that load.',
      },
    ],
  },
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 9 * DAY,
    ticket: {
      kind: 'technical',
      summary: 'TiCDC changefeed to Kafka lagging 40 minutes',
      organizationId: 'org-sakura',
      clusterId: 'cl-ledger-analytics',
      environment: 'production',
      severity: 'S2',
      component: 'ticdc',
      affectedVersion: 'v8.1.2',
      description:
        'The changefeed ledger-to-kafka has fallen 40 minutes behind and the checkpoint is not advancing. ' +
        'cdc cli changefeed query shows state "warning" with:\n\n' +
        '[CDC:ErrKafkaSendMessage]kafka: Failed to deliver 1 messages: kafka server: Message was too large\n\n' +
        'The downstream fraud scoring depends on this feed.',
    },
    posts: [
      {
        at: 70,
        by: 'engineer',
        body:
          'Hi Aiko, one transaction produced a row event larger than the topic\'s max.message.bytes (1 MB). Could ' +
          'you send the changefeed configuration, and tell us whether you can raise max.message.bytes on the topic?',
      },
      {
        at: 160,
        by: 'requester',
        body:
          'We raised max.message.bytes to 8 MB on the topic. The changefeed configuration is attached; the sink URI ' +
          'is kafka://…/ledger?protocol=canal-json&max-message-bytes=1048576',
        files: [CHANGEFEED_CONFIG],
      },
    ],
  },
  {
    requester: 'premiumCustomer',
    timeZone: 'Europe/Berlin',
    ageMs: 6 * DAY,
    ticket: {
      kind: 'technical',
      summary: 'BR backup to S3 fails with AccessDenied after IAM role rotation',
      organizationId: 'org-helix',
      clusterId: 'cl-shipments-prod',
      environment: 'production',
      severity: 'S3',
      component: 'br',
      affectedVersion: 'v7.5.6',
      description:
        'Our scheduled backup to s3://helix-backups/shipments has failed since we rotated the IAM role:\n\n' +
        '[BR:ExternalStorage:ErrStorageUnknown]AccessDenied: Access Denied status code: 403\n\n' +
        'The new role has s3:PutObject and s3:ListBucket on the bucket.',
    },
    posts: [
      {
        at: 120,
        by: 'engineer',
        body:
          'Hi Chen, the new role\'s trust policy does not yet allow the TiDB Cloud account to assume it. We sent the ' +
          'exact statement to add through your TAM, Daniel.',
      },
      { at: 600, by: 'requester', body: 'Added, and last night\'s backup succeeded. Thanks.' },
    ],
    finally: { at: 700, status: 'resolved' },
  },
  // Answered once, then the customer's reply has waited two days: "waiting for support > 1 day" in the TAM's queue.
  {
    requester: 'kumoCustomer',
    timeZone: TOKYO,
    ageMs: 5 * DAY,
    ticket: {
      kind: 'technical',
      summary: 'Fleet utilisation report three times slower since the upgrade to v8.1.2',
      organizationId: 'org-kumo',
      clusterId: 'cl-fleet-telemetry',
      environment: 'production',
      severity: 'S3',
      component: 'tiflash',
      affectedVersion: 'v8.1.2',
      description:
        'Since the upgrade on Monday our hourly fleet utilisation report (a GROUP BY over ~400M rows of ' +
        'telemetry.trip_events) takes 95 s instead of 30 s. EXPLAIN ANALYZE shows the aggregation now runs as ' +
        'cop[tikv] instead of mpp[tiflash]. We did not change the query or the TiFlash replicas.',
    },
    triage: { at: 30, priority: 'high', labels: ['performance', 'upgrade'] },
    posts: [
      {
        at: 180,
        by: 'engineer',
        body:
          'Hi Haruto, thanks for the report. Could you send the output of SHOW VARIABLES LIKE \'tidb_allow_mpp\' and ' +
          'of SELECT * FROM information_schema.tiflash_replica WHERE TABLE_NAME = \'trip_events\'?',
      },
      {
        at: 3 * 24 * 60,
        by: 'requester',
        body: 'tidb_allow_mpp is ON and the replica shows AVAILABLE = 1, PROGRESS = 1. The report still takes 95 s.',
      },
    ],
  },
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 4 * DAY,
    ticket: {
      kind: 'technical',
      summary: 'Slow queries after a PD leader transfer: PD server timeout',
      organizationId: 'org-sakura',
      clusterId: 'cl-payments-prod',
      environment: 'production',
      severity: 'S3',
      component: 'pd',
      affectedVersion: 'v8.5.1',
      description:
        'Around 10:15 JST P99 latency jumped to 4 s for about 90 seconds. The TiDB log shows\n\n' +
        '[WARN] [pd.go:152] ["get timestamp too slow"] [cost=2.41s]\n' +
        '[ERROR] [backoff.go:123] ["pdRPC backoff"] [error="[PD:client:ErrClientGetTSOTimeout]get TSO timeout"]\n\n' +
        'The PD dashboard shows a leader transfer at 10:14:52. What triggered it?',
    },
    posts: [
      {
        at: 240,
        by: 'engineer',
        body:
          'Hi Aiko, the PD leader moved because of a scheduled host maintenance in ap-northeast-1c; the 90 s of TSO ' +
          'timeouts were the re-election. We have asked to be notified ahead of such maintenance for your cluster. ' +
          'Would a maintenance window on weekends suit you?',
      },
    ],
  },
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 2 * DAY,
    ticket: {
      kind: 'account_billing',
      summary: 'Credit card declined when adding a payment method for Pebble Labs',
      organizationId: 'org-pebble',
      severity: 'S3',
      description:
        'Adding our company Visa card fails with "Your card could not be verified (code: card_declined)". The ' +
        'bank confirms no authorisation attempt reached them.',
    },
    posts: [],
  },
  // Not triaged yet, and over a day without an answer.
  {
    requester: 'premiumCustomer',
    timeZone: 'Europe/Berlin',
    ageMs: 30 * HOUR,
    ticket: {
      kind: 'account_billing',
      summary: 'Add a second billing contact for Helix Logistics',
      organizationId: 'org-helix',
      severity: 'S4',
      description:
        'Our finance team would like the monthly invoices to go to ap@helix-logistics.example as well. Can you add ' +
        'it as a billing contact?',
    },
    posts: [],
  },
  {
    requester: 'premiumCustomer',
    timeZone: 'Europe/Berlin',
    ageMs: 20 * HOUR,
    ticket: {
      kind: 'technical',
      summary: 'Checkpoint lag on the tracking-events changefeed to the data warehouse',
      organizationId: 'org-helix',
      clusterId: 'cl-tracking-events',
      environment: 'production',
      severity: 'S2',
      component: 'ticdc',
      affectedVersion: 'v8.1.2',
      description:
        'The changefeed tracking-to-warehouse falls 20-30 minutes behind every night between 01:00 and 03:00 CET, ' +
        'while our batch import runs. The warehouse dashboards for the morning shift are stale as a result.',
    },
    triage: { at: 25, priority: 'normal', labels: ['ticdc'] },
    posts: [
      {
        at: 35,
        by: 'engineer',
        body:
          'Hi Chen, the sorter spills to disk during the import. Could you send the changefeed configuration and ' +
          'tell us how many rows the nightly import writes?',
      },
      { at: 150, by: 'requester', body: 'About 60M rows per night, in 10k-row transactions.' },
      {
        at: 210,
        by: 'engineer',
        body:
          'Thanks. Splitting the changefeed by table would let the import\'s tables lag without holding back the ' +
          'rest. Could you try it in tonight\'s run and tell us the lag tomorrow?',
      },
    ],
  },
  // Unanswered past its one-hour Premium target.
  {
    requester: 'premiumCustomer',
    timeZone: 'Europe/Berlin',
    ageMs: 3 * HOUR,
    ticket: {
      kind: 'technical',
      summary: 'TiKV server timeout on shipments-prod since adding two TiKV nodes',
      organizationId: 'org-helix',
      clusterId: 'cl-shipments-prod',
      environment: 'production',
      severity: 'S2',
      component: 'tikv',
      affectedVersion: 'v7.5.6',
      description:
        'After we added two TiKV nodes at 09:00 CET, about 1 in 50 shipment status updates fails with\n\n' +
        'ERROR 9002 (HY000): TiKV server timeout\n\n' +
        'The PD dashboard still shows ~1,800 pending region moves. Dispatch of EU shipments is delayed.',
    },
    triage: { at: 20, priority: 'high' },
    posts: [],
  },
  // A production outage past its 30-minute Premium target: the top of the TAM's queue.
  {
    requester: 'kumoCustomer',
    timeZone: TOKYO,
    ageMs: 75 * MINUTE,
    ticket: {
      kind: 'technical',
      summary: 'ride-dispatch-prod down: TiDB servers restart in a loop after running out of memory',
      organizationId: 'org-kumo',
      clusterId: 'cl-ride-dispatch-prod',
      environment: 'production',
      severity: 'S1',
      component: 'tidb',
      affectedVersion: 'v8.5.1',
      description:
        'Since 18:40 JST the three TiDB servers of ride-dispatch-prod restart every few minutes. Each log ends ' +
        'with\n\n' +
        '[WARN] [memory_usage_alarm.go:140] ["tidb-server has the risk of OOM because of memory usage exceeds alarm ' +
        'ratio threshold"]\n\nbefore the process is killed. Ride bookings fail in Tokyo and Osaka.',
    },
    triage: { at: 8, priority: 'urgent' },
    posts: [
      {
        at: 12,
        by: 'tam',
        internal: true,
        body:
          'Haruto called me: bookings are down in Tokyo and Osaka. Paging the on-call engineer; Haruto is on the ' +
          'Slack bridge.',
      },
    ],
  },
  {
    requester: 'customer',
    timeZone: TOKYO,
    ageMs: 50 * MINUTE,
    ticket: {
      kind: 'technical',
      summary: 'Write conflict errors spiking on the payments.wallets table',
      organizationId: 'org-sakura',
      clusterId: 'cl-payments-prod',
      environment: 'production',
      severity: 'S2',
      component: 'tidb',
      affectedVersion: 'v8.5.1',
      description:
        'Since the release of our wallet top-up feature, about 2% of top-ups fail with\n\n' +
        'ERROR 9007 (HY000): Write conflict, txnStartTS=452218004391313411, conflictStartTS=452218004391313409, ' +
        'conflictCommitTS=452218004404682753, key={tableID=812, handle=40021} primary=... reason=Optimistic\n\n' +
        'We use the default transaction mode. Should we switch to pessimistic transactions for this table?',
    },
    posts: [],
  },
]

/**
 * Ticket n, its posts and their files get stable UUIDs, so re-seeding can tell the demo history is already there.
 * Post 0 is the filing itself.
 */
function demoId(ticket: number, post = 0, file = 0): string {
  const digits = (n: number, width: number) => String(n).padStart(width, '0')
  return `d3e00000-0000-4000-8${digits(file, 3)}-${digits(ticket, 6)}${digits(post, 6)}`
}

function seedTicket(db: HelpCenterDatabase, demo: DemoTicket, index: number, now: Date): void {
  const filedAt = Math.floor((now.getTime() - demo.ageMs) / MINUTE) * MINUTE
  const at = (minutes: number) => new Date(filedAt + minutes * MINUTE)
  const id = demoId(index + 1)
  const requesterId = demoUserId(demo.requester)
  const engineerId = demoUserId('engineer')
  const tamId = demoUserId('tam')
  const filesOf = (post: number, files: DemoFile[] = []): AttachmentFile[] =>
    files.map((file, fileIndex) => ({
      id: demoId(index + 1, post, fileIndex + 1),
      fileName: file.fileName,
      contentType: file.contentType,
      content: file.content(at(0)),
    }))
  insertTicket(db, {
    id,
    ticket: demo.ticket,
    requesterId,
    timeZone: demo.timeZone,
    plan: supportPlanOf(db, demo.ticket.organizationId ?? null),
    now: at(0),
  })
  for (const file of filesOf(0, demo.files)) {
    insertAttachment(db, findTicket(db, id)!, { ...file, comment: null, uploaderId: requesterId, now: at(0) })
  }
  if (demo.triage) {
    const { priority, labels = [] } = demo.triage
    updateTicket(db, findTicket(db, id)!, { priority, labels: [...labels].sort() }, tamId, at(demo.triage.at))
  }
  demo.posts.forEach((post, postIndex) => {
    const ticket = findTicket(db, id)!
    const comment = { id: demoId(index + 1, postIndex + 1), body: post.body, now: at(post.at) }
    const files = filesOf(postIndex + 1, post.files)
    if (post.by === 'requester') {
      recordCustomerReply(db, ticket, { ...comment, authorId: requesterId })
      const reply = { id: comment.id, visibility: 'public' } as const
      for (const file of files) {
        insertAttachment(db, ticket, { ...file, comment: reply, uploaderId: requesterId, now: comment.now })
      }
    } else {
      const visibility = post.internal ? 'internal' : 'public'
      const staffId = post.by === 'tam' ? tamId : engineerId
      recordStaffReply(db, ticket, staffId, { ...comment, authorId: staffId, visibility }, files)
    }
  })
  if (demo.finally) {
    updateTicket(db, findTicket(db, id)!, { status: demo.finally.status }, engineerId, at(demo.finally.at))
  }
}

/**
 * Gives the demo people a ticket history over the past two months: solved outages, a billing credit, open
 * conversations, a new ticket still waiting, and an open queue for the TAM across Helix and Kumo (an outage and a
 * slowdown past their targets, a reply waiting over a day). Returns false, changing nothing, if it is already there.
 */
export function seedDemoTickets(db: HelpCenterDatabase, now: Date): boolean {
  return db
    .transaction(() => {
      if (findTicket(db, demoId(1))) return false
      DEMO_TICKETS.forEach((demo, index) => seedTicket(db, demo, index, now))
      return true
    })
    .immediate()
}
