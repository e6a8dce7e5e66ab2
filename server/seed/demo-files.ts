import { crc32, deflateSync } from 'node:zlib'

/** A file of the demo history: made at seeding time, so that dates inside it match the ticket's. */
export interface DemoFile {
  fileName: string
  contentType: string
  content: (filedAt: Date) => Buffer
}

const JST_OFFSET_MS = 9 * 3_600_000

/** `2026/01/05`, the Tokyo calendar date, as TiKV writes it in its logs. */
function tokyoDate(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '/')
}

const STALL = '[WARN] [raftstore.rs:1023] ["Write stall: too many pending compaction bytes"] [cf=write]'
const STALL_STATE = '[WARN] [write_controller.rs:88] ["write stall condition changed"]'

/** Aiko's excerpt of the TiKV log: times in JST, as the description gives them. */
const WRITE_STALL_LOG_LINES: [time: string, entry: string][] = [
  ['01:09:58.207', '[INFO] [compaction_filter.rs:612] ["gc compaction filter"] [cf=write] [pending_bytes=171GiB]'],
  ['01:10:12.415', `${STALL} [pending_bytes=193GiB]`],
  ['01:10:12.416', `${STALL_STATE} [from=normal] [to=delayed] [rate=16MiB/s]`],
  ['01:24:40.931', `${STALL} [pending_bytes=288GiB]`],
  ['01:41:03.580', `${STALL} [pending_bytes=412GiB]`],
  ['01:41:03.581', `${STALL_STATE} [from=delayed] [to=delayed] [rate=2MiB/s]`],
  ['01:43:17.004', '[INFO] [scheduler.rs:744] ["slow write"] [region_id=884213] [cost=1.91s] [keys=1000]'],
]

export const WRITE_STALL_LOG: DemoFile = {
  fileName: 'tikv-2-write-stall.log',
  contentType: 'text/plain',
  content: (filedAt) => {
    const day = tokyoDate(filedAt)
    return Buffer.from(WRITE_STALL_LOG_LINES.map(([time, entry]) => `[${day} ${time} +09:00] ${entry}\n`).join(''))
  },
}

export const CHANGEFEED_CONFIG: DemoFile = {
  fileName: 'ledger-to-kafka.toml',
  contentType: 'application/toml',
  content: () =>
    Buffer.from(
      [
        '# cdc cli changefeed query --changefeed-id=ledger-to-kafka',
        'case-sensitive = false',
        '',
        '[filter]',
        "rules = ['ledger.*']",
        '',
        '[sink]',
        'protocol = "canal-json"',
        '# Set when the topic still had the 1 MB default.',
        'max-message-bytes = 1048576',
        '',
      ].join('\n'),
    ),
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed))
  return Buffer.concat([length, typed, crc])
}

/** An 8-bit indexed-colour PNG: `rows` hold palette indexes, top row first. */
function indexedPng(rows: number[][], palette: readonly (readonly [number, number, number])[]): Buffer {
  const header = Buffer.alloc(13) // bytes 10-12 (compression, filter, interlace) stay 0
  header.writeUInt32BE(rows[0]!.length, 0)
  header.writeUInt32BE(rows.length, 4)
  header.writeUInt8(8, 8) // bits per pixel
  header.writeUInt8(3, 9) // indexed colour
  const scanlines = Buffer.concat(rows.map((row) => Buffer.from([0, ...row]))) // filter 0: raw bytes
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('PLTE', Buffer.from(palette.flat())),
    pngChunk('IDAT', deflateSync(scanlines, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** tikv-2's pending compaction bytes (GiB), every 10 minutes from 00:00 JST on the night of the write stall. */
const PENDING_COMPACTION_GIB = [
  38, 41, 52, 77, 120, 150, 171, 193, 246, 301, 412, 398, 301, 214, 150, 106, 81, 64, 55, 49, 46, 44, 43, 41,
]
/** rocksdb.writecf.soft-pending-compaction-bytes-limit, where RocksDB starts to slow writes. */
const SOFT_LIMIT_GIB = 192

const WHITE = 0
const GREY = 1
const BLUE = 2
const RED = 3

/** The engineer's screenshot: a bar chart of PENDING_COMPACTION_GIB with a dashed line at the soft limit. */
function pendingCompactionChart(): Buffer {
  const [barWidth, gap, margin, plotHeight] = [5, 2, 6, 80]
  const width = margin * 2 + PENDING_COMPACTION_GIB.length * (barWidth + gap) - gap
  const height = margin * 2 + plotHeight + 1
  const scale = plotHeight / 450
  const rows = Array.from({ length: height }, () => new Array<number>(width).fill(WHITE))
  const baseline = margin + plotHeight
  rows[baseline]!.fill(GREY, margin, width - margin)
  PENDING_COMPACTION_GIB.forEach((gib, index) => {
    const left = margin + index * (barWidth + gap)
    for (let y = baseline - Math.round(gib * scale); y < baseline; y++) rows[y]!.fill(BLUE, left, left + barWidth)
  })
  const limit = rows[baseline - Math.round(SOFT_LIMIT_GIB * scale)]!
  for (let x = margin; x < width - margin; x += 4) limit.fill(RED, x, x + 2)
  return indexedPng(rows, [
    [255, 255, 255],
    [160, 160, 160],
    [36, 99, 235],
    [220, 38, 38],
  ])
}

export const PENDING_COMPACTION_CHART: DemoFile = {
  fileName: 'tikv-2-pending-compaction-bytes.png',
  contentType: 'image/png',
  content: pendingCompactionChart,
}
