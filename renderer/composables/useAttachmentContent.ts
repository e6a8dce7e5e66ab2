import type { MaybeRefOrGetter } from 'vue'
import type { AttachmentWithContent } from '../../shared/schemas/attachment'
import type { LocalAttachment } from '../../shared/schemas/local-ticket'
import { computed, ref, toValue } from 'vue'
import { useI18n } from 'vue-i18n'
import { SupportError } from '../../shared/schemas/error'
import { useSupportClient } from '../support-client'

/**
 * Raster images only: an SVG can carry script and links, so it is offered as a plain file. The
 * type is the one declared at upload, and an <img> never runs script whatever the bytes are.
 */
const PREVIEWABLE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])
/** Chromium reads a blob URL after the click returns; revoking it at once can cancel the download. */
const REVOKE_DELAY_MS = 10_000

function base64ToBytes(content: string): Uint8Array<ArrayBuffer> {
  const binary = atob(content)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  return bytes
}

/** One attachment's bytes, fetched on demand through the core (its cache offline): a thumbnail and a Save action. */
export function useAttachmentContent(attachment: MaybeRefOrGetter<LocalAttachment>) {
  const client = useSupportClient()
  const { t } = useI18n()

  const previewable = computed(() => PREVIEWABLE_TYPES.has(toValue(attachment).contentType))
  /** A data: URL once loaded; the CSP allows data: images. */
  const thumbnail = ref<string | null>(null)
  const thumbnailFailed = ref(false)
  const saving = ref(false)
  const saveError = ref<string | null>(null)

  let content: Promise<AttachmentWithContent> | null = null
  function fetchContent() {
    content ??= client.invoke('attachments.content', { attachmentId: toValue(attachment).id }).catch((error: unknown) => {
      // A failure (offline, say) is not remembered: the next attempt asks again.
      content = null
      throw error
    })
    return content
  }

  const describe = (error: unknown) =>
    error instanceof SupportError && error.code === 'unreachable'
      ? t('ticket.attachments.offline', { name: toValue(attachment).fileName })
      : error instanceof Error ? error.message : String(error)

  async function loadThumbnail() {
    if (!previewable.value || thumbnail.value) return
    try {
      const { contentBase64 } = await fetchContent()
      thumbnail.value = `data:${toValue(attachment).contentType};base64,${contentBase64}`
      thumbnailFailed.value = false
    } catch {
      thumbnailFailed.value = true
    }
  }

  /** Downloads the file under its own name; never opened or rendered here. */
  async function save() {
    if (saving.value) return
    saving.value = true
    saveError.value = null
    try {
      const { fileName, contentBase64 } = await fetchContent()
      // octet-stream: the browser saves the bytes rather than deciding how to show them.
      const url = URL.createObjectURL(new Blob([base64ToBytes(contentBase64)], { type: 'application/octet-stream' }))
      const link = document.createElement('a')
      link.href = url
      link.download = fileName
      link.rel = 'noopener'
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS)
    } catch (error) {
      saveError.value = describe(error)
    } finally {
      saving.value = false
    }
  }

  return { previewable, thumbnail, thumbnailFailed, saving, saveError, loadThumbnail, save }
}
