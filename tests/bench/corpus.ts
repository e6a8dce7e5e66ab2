import type { Component } from '../../shared/domain/ticket'
import type { SeededRandom } from '../support/seeded-random'

/**
 * Text for the benchmark's tickets: what TiDB Cloud customers and engineers write, in English and Japanese,
 * with the error messages, log lines and stack traces that fill real support tickets. Numbers (region ids,
 * timestamps, table names) vary, as they do in real logs, so the search index sees realistic variety.
 */

export type Language = 'en' | 'ja'

export interface TicketContext {
  language: Language
  technical: boolean
  component: Component
  /** What went wrong, in the ticket's language: the summary and the description name the same thing. */
  symptom: string
  clusterName: string
  tidbVersion: string
  /** When the problem started, as the customer would quote it. */
  at: Date
}

const TABLES = ['orders', 'payments', 'settlements', 'ledger_entries', 'sessions', 'events', 'shipments', 'user_profiles', 'audit_log', 'inventory']
const SCHEMAS = ['app', 'billing', 'analytics', 'core', 'tracking']
const JOBS = ['nightly ETL', 'month-end settlement batch', 'data migration', 'analytics export', 'index backfill', 'archive job']
const JOBS_JA = ['夜間バッチ', '月末の締め処理', 'データ移行', '分析用エクスポート', 'インデックス追加', 'アーカイブ処理']

function table(random: SeededRandom): string {
  return `${random.pick(SCHEMAS)}.${random.pick(TABLES)}`
}

function timestamp(at: Date, offsetMs: number): string {
  return new Date(at.getTime() + offsetMs).toISOString().replace('T', ' ').slice(0, 23)
}

function tso(random: SeededRandom): string {
  return `45${random.int(1_000_000, 9_999_999)}${random.int(10_000_000, 99_999_999)}`
}

/** One line as TiDB, TiKV, PD or TiCDC would log it, or the error a client saw. */
export function errorLine(random: SeededRandom, context: TicketContext): string {
  const region = random.int(1_000, 9_999_999)
  const store = random.int(1, 12)
  const time = `[${timestamp(context.at, random.int(0, 3_600_000))} +09:00]`
  const lines = [
    `ERROR 9005 (HY000): Region is unavailable [region_id=${region}]`,
    `ERROR 8027 (HY000): Information schema is out of date: schema failed to update in 1 lease, please make sure TiDB can connect to TiKV`,
    `ERROR 9007 (HY000): Write conflict, txnStartTS=${tso(random)}, conflictStartTS=${tso(random)}, conflictCommitTS=${tso(random)}, key={tableID=${random.int(60, 900)}, handle=${random.int(1, 9_999_999)}} primary={tableID=${random.int(60, 900)}} [try again later]`,
    `ERROR 1213 (40001): Deadlock found when trying to get lock; try restarting transaction`,
    `ERROR 8004 (HY000): Transaction is too large, size: ${random.int(100, 999)}857600`,
    `ERROR 8175 (HY000): Your query has been cancelled due to exceeding the allowed memory limit for a single SQL query. Please try narrowing your query scope or increase the tidb_mem_quota_query limit and try again.[conn=${random.int(1_000_000, 9_999_999)}]`,
    `ERROR 9001 (HY000): PD server timeout: start timestamp may fall behind safe point`,
    `ERROR 1062 (23000): Duplicate entry '${random.int(100_000, 999_999)}' for key '${random.pick(TABLES)}.PRIMARY'`,
    `ERROR 8028 (HY000): Information schema is changed during the execution of the statement(for example, table definition may be updated by other DDL ran in parallel)`,
    `${time} [WARN] [raftstore] ["Write stall: too many pending compaction bytes"] [cf=write] [pending_bytes=${random.int(60, 700)}GiB] [store_id=${store}]`,
    `${time} [ERROR] [kv.rs:1054] ["KvService::batch_raft send response fail"] [err=RemoteStopped] [region_id=${region}]`,
    `${time} [WARN] [pd] ["region has no leader"] [region-id=${region}] [store-id=${store}]`,
    `${time} [INFO] [cluster.go:1482] ["store has been Disconnected"] [store-id=${store}] [store-address=tikv-${store}.tikv-peer:20160]`,
    `${time} [ERROR] [changefeed.go:146] ["changefeed meets an error"] [error="[CDC:ErrGCTTLExceeded]the checkpoint-ts(${tso(random)}) lag behind the GC safepoint"]`,
    `${time} [WARN] [coprocessor] ["slow-query"] [region_id=${region}] [total_process_time=${random.int(2, 90)}.${random.int(100, 999)}s] [scan.processed_keys=${random.int(1_000_000, 90_000_000)}]`,
    `${time} [ERROR] [backup.go:338] ["backup failed"] [error="[BR:KV:ErrKVStorage]tikv storage occur I/O error: s3 PutObject: AccessDenied"]`,
    `${time} [WARN] [tiflash] ["Read index timeout"] [region_id=${region}] [apply_index=${random.int(5, 99999)}]`,
  ]
  return random.pick(lines)
}

/** A trace from the customer's application or from a TiDB component. */
export function stackTrace(random: SeededRandom): string {
  const goroutine = random.int(1, 90_000)
  const offset = () => `+0x${random.int(16, 4095).toString(16)}`
  const traces = [
    [
      `panic: runtime error: index out of range [${random.int(1, 64)}] with length ${random.int(0, 1)}`,
      '',
      `goroutine ${goroutine} [running]:`,
      'github.com/pingcap/tidb/pkg/executor.(*HashJoinExec).fetchProbeSideChunks(0xc00b4e2000, {0x5a1f0c8, 0xc01a2f3b90})',
      `\t/workspace/source/tidb/pkg/executor/join.go:${random.int(200, 900)} ${offset()}`,
      'github.com/pingcap/tidb/pkg/executor.(*HashJoinExec).fetchAndProbeHashTable.func1()',
      `\t/workspace/source/tidb/pkg/executor/join.go:${random.int(200, 900)} ${offset()}`,
      'github.com/pingcap/tidb/pkg/util.(*WaitGroupWrapper).Run.func1()',
      `\t/workspace/source/tidb/pkg/util/wait_group_wrapper.go:${random.int(100, 200)} ${offset()}`,
    ],
    [
      'com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure',
      '',
      `The last packet successfully received from the server was ${random.int(1_000, 900_000)} milliseconds ago.`,
      '\tat com.mysql.cj.jdbc.exceptions.SQLError.createCommunicationsException(SQLError.java:174)',
      '\tat com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping.translateException(SQLExceptionsMapping.java:64)',
      '\tat com.mysql.cj.jdbc.ConnectionImpl.execSQL(ConnectionImpl.java:1001)',
      '\tat com.zaxxer.hikari.pool.ProxyStatement.executeQuery(ProxyStatement.java:111)',
      `\tat com.example.${random.pick(TABLES)}.Repository.findRecent(Repository.java:${random.int(40, 400)})`,
      'Caused by: java.io.EOFException: Can not read response from server. Expected to read 4 bytes, read 0 bytes before connection was unexpectedly lost.',
    ],
    [
      'Traceback (most recent call last):',
      `  File "/app/workers/${random.pick(TABLES)}.py", line ${random.int(20, 600)}, in flush`,
      '    session.commit()',
      '  File "/usr/local/lib/python3.12/site-packages/sqlalchemy/orm/session.py", line 1969, in commit',
      '    trans.commit(_to_root=True)',
      `sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (9007, 'Write conflict, txnStartTS=${tso(random)}, conflictStartTS=${tso(random)} [try again later]')`,
    ],
    [
      `thread 'raftstore-${random.int(1, 8)}-${random.int(0, 3)}' panicked at 'called \`Result::unwrap()\` on an \`Err\` value: Engine(Status { code: IoError, msg: "No space left on device" })', components/raftstore/src/store/fsm/apply.rs:${random.int(500, 4000)}`,
      'stack backtrace:',
      '   0: tikv_util::set_panic_hook::{{closure}}',
      '   1: std::panicking::rust_panic_with_hook',
      '   2: raftstore::store::fsm::apply::ApplyFsm::handle_tasks',
      '   3: batch_system::batch::Poller::poll',
    ],
  ]
  return random.pick(traces).join('\n')
}

function sqlSnippet(random: SeededRandom): string {
  const name = table(random)
  return random.pick([
    `SELECT * FROM ${name} WHERE created_at > NOW() - INTERVAL 1 DAY ORDER BY id DESC LIMIT 1000;`,
    `INSERT INTO ${name} (id, status, amount) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE status = VALUES(status);`,
    `UPDATE ${name} SET status = 'settled' WHERE batch_id = ${random.int(1000, 99999)};`,
    `ALTER TABLE ${name} ADD INDEX idx_created_at (created_at);`,
    `EXPLAIN ANALYZE SELECT COUNT(*) FROM ${name} t JOIN ${table(random)} u ON t.user_id = u.id WHERE u.region = 'ap-northeast-1';`,
  ])
}

const SYMPTOMS_EN: Record<Component, string[]> = {
  tidb: ['Slow queries', 'Query plan changed after upgrade', 'Out of memory on tidb servers', 'Connection resets from TiDB', 'DDL stuck in running state'],
  tikv: ['Write stall', 'Region unavailable errors', 'High raftstore CPU', 'TiKV store disconnected', 'Disk usage growing quickly'],
  pd: ['PD leader keeps changing', 'PD server timeout', 'Hot regions not balanced', 'Placement rules not applied'],
  tiflash: ['TiFlash replica stuck at 0%', 'TiFlash read index timeout', 'Analytical queries fall back to TiKV'],
  ticdc: ['Changefeed lag keeps growing', 'Changefeed failed with GC TTL exceeded', 'Duplicate rows in the Kafka sink'],
  br: ['Backup to S3 fails', 'Restore is very slow', 'Point-in-time recovery gap'],
  lightning: ['Import fails with checksum mismatch', 'Lightning import much slower than expected'],
  dm: ['DM task paused with binlog error', 'Replication from MySQL stopped'],
  other: ['Cannot connect from our VPC', 'Private endpoint not reachable', 'Console shows wrong cluster status'],
}

const SYMPTOMS_JA: Record<Component, string[]> = {
  tidb: ['スロークエリが増加', 'アップグレード後に実行計画が変化', 'TiDB サーバーのメモリ不足', 'DDL が実行中のまま止まっている'],
  tikv: ['書き込み遅延（Write stall）が発生', 'Region is unavailable エラーが断続的に発生', 'TiKV ストアが切断された', 'ディスク使用量が急増'],
  pd: ['PD リーダーが頻繁に切り替わる', 'PD server timeout が発生', 'ホットリージョンが偏っている'],
  tiflash: ['TiFlash レプリカが 0% のまま進まない', 'TiFlash の読み取りがタイムアウト'],
  ticdc: ['Changefeed の遅延が増え続けている', 'GC TTL 超過で Changefeed が失敗'],
  br: ['S3 へのバックアップが失敗する', 'リストアが非常に遅い'],
  lightning: ['Lightning のインポートでチェックサム不一致', 'インポート速度が想定より遅い'],
  dm: ['DM タスクが binlog エラーで停止', 'MySQL からのレプリケーションが止まった'],
  other: ['VPC から接続できない', 'プライベートエンドポイントに到達できない'],
}

const BILLING_EN = [
  'Invoice shows the wrong VAT number',
  'Charged twice for the same month',
  'Question about Request Unit usage on our serverless cluster',
  'Credit card update failed',
  'Need a PO number on future invoices',
  'Unexpected data transfer charges',
]

const BILLING_JA = ['請求書の宛名を変更したい', '同じ月に二重請求されている', 'Request Unit の使用量について質問', '請求書払いへの切り替えについて']

export function pickSymptom(random: SeededRandom, language: Language, component: Component, technical: boolean): string {
  if (!technical) return random.pick(language === 'ja' ? BILLING_JA : BILLING_EN)
  return random.pick((language === 'ja' ? SYMPTOMS_JA : SYMPTOMS_EN)[component])
}

export function ticketSummary(random: SeededRandom, context: TicketContext): string {
  if (!context.technical) return context.symptom
  if (context.language === 'ja') return `${context.clusterName} で${context.symptom}（${context.tidbVersion}）`
  const after = random.pick(['after upgrade', 'during peak traffic', `during the ${random.pick(JOBS)}`, 'since yesterday', 'after scaling out'])
  return `${context.symptom} on ${context.clusterName} ${after}`
}

export function ticketDescription(random: SeededRandom, context: TicketContext): string {
  const parts: string[] = []
  const start = timestamp(context.at, 0).slice(0, 16)
  if (!context.technical) {
    if (context.language === 'ja') {
      parts.push(`いつもお世話になっております。${random.pick(['先月分', '今月分', '第3四半期'])}の請求について確認させてください。`)
      parts.push(random.pick(['請求書に記載の金額が見積もりと異なっています。', '支払い方法をクレジットカードから請求書払いに変更したいです。']))
      parts.push('ご確認のほどよろしくお願いいたします。')
    } else {
      parts.push(`Hello, a question about our ${random.pick(['October', 'November', 'last', 'current'])} invoice (INV-${random.int(10000, 99999)}).`)
      parts.push(random.pick([
        'The total does not match the usage shown in the console.',
        'Our finance team needs the company address updated on future invoices.',
        'We were charged for a cluster that was deleted on the 3rd.',
      ]))
      parts.push('Could you check and correct this? Thanks.')
    }
    return parts.join(' ')
  }
  if (context.language === 'ja') {
    parts.push(`${start} 頃から、${context.clusterName}（${context.tidbVersion}）で「${context.symptom}」という事象が起きています。`)
    parts.push(`${random.pick(JOBS_JA)}の実行中に発生し、アプリケーションのレイテンシが${random.int(3, 40)}倍になりました。`)
    parts.push('ログには以下のエラーが出ています。')
  } else {
    parts.push(`Since ${start} UTC our ${context.clusterName} cluster (${context.tidbVersion}) shows: ${context.symptom.toLowerCase()}.`)
    parts.push(`It started during the ${random.pick(JOBS)}; p99 latency went from ${random.int(5, 40)} ms to ${random.int(300, 4000)} ms.`)
    parts.push('The logs show:')
  }
  parts.push(`\n\n${errorLine(random, context)}\n`)
  if (random.chance(0.3)) parts.push(`\n${stackTrace(random)}\n`)
  if (random.chance(0.4)) parts.push(`\nThe statement involved:\n${sqlSnippet(random)}\n`)
  parts.push(
    context.language === 'ja'
      ? `\n${random.pick(['バッチサイズを小さくしましたが改善しませんでした。', 'TiDB サーバーの再起動を試しましたが効果はありませんでした。', '影響範囲を教えていただけますか。'])}`
      : `\n${random.pick(['We reduced the batch size, which did not help.', 'Restarting the tidb servers did not change anything.', 'Please advise on the impact and a workaround.'])}`,
  )
  return parts.join(' ')
}

const ENGINEER_EN = [
  (random: SeededRandom, context: TicketContext) =>
    `Thanks for the report. Looking at the metrics of ${context.clusterName}, the ${context.component} nodes hit their limit around ${timestamp(context.at, random.int(0, 7_200_000)).slice(11, 16)}. Could you share the output of the slow query log for that window?`,
  (random: SeededRandom) =>
    `We raised ${random.pick(['rocksdb.writecf.soft-pending-compaction-bytes-limit', 'raftstore.store-pool-size', 'tidb_mem_quota_query', 'pd schedule.leader-schedule-limit'])} temporarily. Please watch throughput over the next 30 minutes and let us know.`,
  (random: SeededRandom) =>
    `The plan switched to a full table scan because the statistics of ${table(random)} are stale. Please run ANALYZE TABLE and check again; we also recommend enabling auto analyze during off-peak hours.`,
  () => 'This is a known issue fixed in v8.5.2. We recommend upgrading during your next maintenance window; until then the workaround above avoids it.',
  (random: SeededRandom) => `We see the same error on store ${random.int(1, 12)}. Escalated to the TiKV team, we will update you within 2 hours.`,
  () => 'Glad to hear it is working again. We will mark this ticket resolved; reply here if it happens again.',
]

const ENGINEER_JA = [
  (random: SeededRandom, context: TicketContext) =>
    `お問い合わせいただきありがとうございます。${context.clusterName} のメトリクスを確認したところ、${timestamp(context.at, random.int(0, 7_200_000)).slice(11, 16)} 頃に ${context.component} ノードの負荷が上限に達していました。該当時間帯のスロークエリログを共有いただけますでしょうか。`,
  () => '一時的にコンパクションのスレッド数を増やしました。30分ほど様子を見ていただけますでしょうか。',
  (random: SeededRandom) => `統計情報が古くなっているため、${table(random)} の実行計画がフルスキャンになっています。ANALYZE TABLE の実行をお勧めします。`,
  () => 'こちらは v8.5.2 で修正済みの既知の問題です。次回のメンテナンス時間帯でのアップグレードをご検討ください。',
  () => '正常に戻ったとのことで安心しました。本チケットは解決済みとさせていただきます。',
]

const CUSTOMER_EN = [
  (random: SeededRandom) => `Attached the slow query log. The worst statement is:\n${sqlSnippet(random)}`,
  () => 'Throughput is back to normal now, thank you!',
  (random: SeededRandom, context: TicketContext) => `It happened again just now:\n${errorLine(random, context)}`,
  () => 'We ran ANALYZE TABLE and the query is fast again. Is there a way to avoid this in the future?',
  (random: SeededRandom) => `Here is the stack trace from our service:\n${stackTrace(random)}`,
  () => 'Any update on this? Our batch window closes in two hours.',
]

const CUSTOMER_JA = [
  (random: SeededRandom) => `スロークエリログを添付します。最も遅いのは次のクエリです。\n${sqlSnippet(random)}`,
  () => 'スループットが正常に戻りました。ありがとうございました。',
  (random: SeededRandom, context: TicketContext) => `先ほど再発しました。\n${errorLine(random, context)}`,
  () => 'ANALYZE TABLE を実行したところ改善しました。今後の再発防止策はありますか。',
  () => '進捗はいかがでしょうか。本日中に対応が必要です。',
]

const BILLING_ENGINEER_EN = [
  (random: SeededRandom) => `Thanks for reaching out. We corrected invoice INV-${random.int(10000, 99999)} and sent the new copy to your billing contact.`,
  () => 'The charge comes from data transfer out of the region during your export. The usage page breaks it down per day.',
  () => 'We refunded the duplicate charge; it takes 5 to 10 business days to appear on your card statement.',
]

const BILLING_ENGINEER_JA = [
  () => 'お問い合わせありがとうございます。請求書を修正し、ご担当者様へ再送いたしました。',
  () => '二重請求分を返金いたしました。カード明細への反映には 5〜10 営業日ほどかかります。',
]

const BILLING_CUSTOMER_EN = [() => 'Thanks, received the corrected invoice.', () => 'Could you also add our PO number PO-2291 to it?']
const BILLING_CUSTOMER_JA = [() => '修正版を受け取りました。ありがとうございます。', () => '発注番号も記載いただくことは可能でしょうか。']

const INTERNAL_NOTES = [
  'Internal: checked Grafana, compaction pending bytes above the hard limit on two stores. Asked the TiKV on-call to look.',
  'Internal: customer is on an old patch release; upgrade path discussed with the TAM.',
  'Internal: duplicate of an earlier ticket from the same organization, linking them.',
]

export type CommentAuthor = 'customer' | 'engineer' | 'internal'

export function commentBody(random: SeededRandom, context: TicketContext, author: CommentAuthor): string {
  if (author === 'internal') return random.pick(INTERNAL_NOTES)
  const japanese = context.language === 'ja'
  const templates = context.technical
    ? author === 'engineer' ? (japanese ? ENGINEER_JA : ENGINEER_EN) : japanese ? CUSTOMER_JA : CUSTOMER_EN
    : author === 'engineer' ? (japanese ? BILLING_ENGINEER_JA : BILLING_ENGINEER_EN) : japanese ? BILLING_CUSTOMER_JA : BILLING_CUSTOMER_EN
  return random.pick<(random: SeededRandom, context: TicketContext) => string>(templates)(random, context)
}
