import type { AttachmentUpload } from '../../shared/schemas/attachment'
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_PER_MESSAGE_MAX,
  attachmentContentTypeSchema,
  attachmentFileNameSchema,
  formatMegabytes,
} from '../../shared/schemas/attachment'

export interface PickedFile {
  id: number
  fileName: string
  contentType: string
  size: number
  /** Why this file cannot be sent as it is: unreadable, or refused by the core or the help center. */
  error: string | null
}

/** Pasted images get a name of their own; the clipboard calls them all "image.png". */
const PASTED_IMAGE_EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
}
const CLIPBOARD_NAME = /^image\.\w+$/i
const FALLBACK_CONTENT_TYPE = 'application/octet-stream'
/** Bytes per String.fromCharCode call: large enough to be quick, small enough for the argument limit. */
const BASE64_CHUNK = 0x8000

/** "512 B", "12.3 KB", "14.2 MB": sizes on chips and attachment lists. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return formatMegabytes(bytes)
}

async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let start = 0; start < bytes.length; start += BASE64_CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + BASE64_CHUNK))
  }
  return btoa(binary)
}

const pad = (value: number) => String(value).padStart(2, '0')

/** "Screenshot 2026-11-23 14.32.05.png", in local time, as the operating systems name their screenshots. */
export function screenshotName(extension: string, at = new Date()): string {
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
  const time = `${pad(at.getHours())}.${pad(at.getMinutes())}.${pad(at.getSeconds())}`
  return `Screenshot ${date} ${time}.${extension}`
}

/**
 * Files the user attaches to a new ticket or a reply, by button, drag and drop or paste. Files are
 * checked against the shared limits before anything is read, and read to base64 only when sent.
 * Returned as one reactive object so that a form and its AttachmentPicker share it.
 */
export function useAttachmentPicker() {
  const { t } = useI18n()

  const files = ref<PickedFile[]>([])
  /** Files refused on the last add, and complaints about the attachments as a whole. */
  const problems = ref<string[]>([])
  /** Files are being dragged over the drop zone. */
  const dragging = ref(false)
  const contents = new Map<number, File>()
  let nextId = 0

  function refusal(file: File): string | null {
    const name = file.name
    if (file.size === 0) return t('ticket.attachments.empty', { name })
    if (file.size > ATTACHMENT_MAX_BYTES) {
      return t('ticket.attachments.tooBig', { name, size: formatMegabytes(file.size), max: formatMegabytes(ATTACHMENT_MAX_BYTES) })
    }
    const checked = attachmentFileNameSchema.safeParse(name)
    if (!checked.success) return t('ticket.attachments.badName', { name, reason: checked.error.issues[0]?.message ?? '' })
    return null
  }

  const isAttached = (file: File) =>
    [...contents.values()].some((other) => other.name === file.name && other.size === file.size && other.lastModified === file.lastModified)

  function add(incoming: Iterable<File>) {
    problems.value = []
    const overLimit: string[] = []
    for (const file of incoming) {
      // Dropping the same file twice is a slip, not a second attachment.
      if (isAttached(file)) continue
      const refused = refusal(file)
      if (refused) {
        problems.value.push(refused)
      } else if (files.value.length >= ATTACHMENTS_PER_MESSAGE_MAX) {
        overLimit.push(file.name)
      } else {
        const id = nextId++
        contents.set(id, file)
        const contentType = attachmentContentTypeSchema.safeParse(file.type).success ? file.type : FALLBACK_CONTENT_TYPE
        files.value.push({ id, fileName: file.name, contentType, size: file.size, error: null })
      }
    }
    if (overLimit.length > 0) {
      problems.value.push(t('ticket.attachments.tooMany', { names: overLimit.join(', '), max: ATTACHMENTS_PER_MESSAGE_MAX }))
    }
  }

  function remove(id: number) {
    contents.delete(id)
    files.value = files.value.filter((file) => file.id !== id)
  }

  function clear() {
    contents.clear()
    files.value = []
    problems.value = []
  }

  function clearErrors() {
    problems.value = []
    for (const file of files.value) file.error = null
  }

  /** The files as the core takes them, or null when one could not be read (it is marked). */
  async function read(): Promise<AttachmentUpload[] | null> {
    const picked = [...files.value]
    const results = await Promise.allSettled(picked.map((file) => toBase64(contents.get(file.id)!)))
    let readable = true
    const uploads = picked.map((file, index) => {
      const result = results[index]!
      if (result.status === 'fulfilled') return { fileName: file.fileName, contentType: file.contentType, contentBase64: result.value }
      readable = false
      file.error = t('ticket.attachments.unreadable')
      return null
    })
    return readable ? uploads.filter((upload) => upload !== null) : null
  }

  /** Shows the core's complaints about `attachments.N.*` beside file N; true when there were any. */
  function showFieldErrors(fields: Record<string, string>): boolean {
    let shown = false
    for (const [path, message] of Object.entries(fields)) {
      const match = /^attachments(?:\.(\d+))?(?:\.|$)/.exec(path)
      if (!match) continue
      shown = true
      const file = match[1] === undefined ? undefined : files.value[Number(match[1])]
      if (file) file.error ??= message
      else problems.value.push(message)
    }
    return shown
  }

  function choose(event: Event) {
    const input = event.target as HTMLInputElement
    if (input.files) add(input.files)
    // Choosing the same file again after removing it should still fire a change.
    input.value = ''
  }

  const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false

  function dragOver(event: DragEvent) {
    if (!carriesFiles(event)) return
    event.preventDefault()
    event.dataTransfer!.dropEffect = 'copy'
    dragging.value = true
  }

  function dragLeave(event: DragEvent) {
    const zone = event.currentTarget as Node | null
    // Moving between children of the zone fires leave events too.
    if (zone && event.relatedTarget instanceof Node && zone.contains(event.relatedTarget)) return
    dragging.value = false
  }

  function drop(event: DragEvent) {
    dragging.value = false
    const dropped = event.dataTransfer?.files
    if (!dropped || dropped.length === 0) return
    event.preventDefault()
    add(dropped)
  }

  function uniqueName(name: string) {
    const taken = new Set(files.value.map(({ fileName }) => fileName))
    if (!taken.has(name)) return name
    const dot = name.includes('.') ? name.lastIndexOf('.') : name.length
    for (let copy = 2; ; copy++) {
      const candidate = `${name.slice(0, dot)} (${copy})${name.slice(dot)}`
      if (!taken.has(candidate)) return candidate
    }
  }

  /** Takes files from the clipboard; text pastes go on to the text box untouched. */
  function paste(event: ClipboardEvent) {
    const pasted = [...(event.clipboardData?.items ?? [])]
      .filter((item) => item.kind === 'file')
      .map((item) => item.getAsFile())
      .filter((file) => file !== null)
    if (pasted.length === 0) return
    event.preventDefault()
    add(pasted.map((file) => {
      const extension = PASTED_IMAGE_EXTENSIONS[file.type]
      if (!extension || (file.name !== '' && !CLIPBOARD_NAME.test(file.name))) return file
      return new File([file], uniqueName(screenshotName(extension)), { type: file.type, lastModified: file.lastModified })
    }))
  }

  return reactive({ files, problems, dragging, add, remove, clear, clearErrors, read, showFieldErrors, choose, dragOver, dragLeave, drop, paste })
}

export type AttachmentPicker = ReturnType<typeof useAttachmentPicker>
