import { describe, expect, it } from 'vitest'
import {
  ATTACHMENT_MAX_BYTES,
  attachmentUploadSchema,
  attachmentUploadsSchema,
  base64ByteLength,
} from '../../../shared/schemas/attachment'

const upload = (overrides: Partial<{ fileName: string; contentType: string; contentBase64: string }> = {}) => ({
  fileName: 'tidb-2026-11-23.log',
  contentType: 'text/plain',
  contentBase64: Buffer.from('[2026/11/23 10:02:11] [ERROR] region unavailable').toString('base64'),
  ...overrides,
})

describe('attachment uploads', () => {
  it('measures base64 without decoding it', () => {
    for (const length of [1, 2, 3, 4, 1000]) {
      expect(base64ByteLength(Buffer.alloc(length).toString('base64'))).toBe(length)
    }
  })

  it('takes a file of exactly the limit and refuses one byte more, naming the limit', () => {
    expect(attachmentUploadSchema.safeParse(upload({ contentBase64: Buffer.alloc(ATTACHMENT_MAX_BYTES).toString('base64') })).success).toBe(true)
    const over = attachmentUploadSchema.safeParse(upload({ contentBase64: Buffer.alloc(ATTACHMENT_MAX_BYTES + 1).toString('base64') }))
    expect(over.success).toBe(false)
    expect(over.error?.issues[0]).toMatchObject({ path: ['contentBase64'], message: 'Attachments can be at most 10.0 MB' })
  })

  it('refuses paths, control characters, empty files and content that is not base64', () => {
    for (const fileName of ['../secrets.txt', 'C:\\\\boot.ini', 'log\u0000.txt', '..', '']) {
      expect(attachmentUploadSchema.safeParse(upload({ fileName })).success, fileName).toBe(false)
    }
    expect(attachmentUploadSchema.safeParse(upload({ contentBase64: '' })).success).toBe(false)
    expect(attachmentUploadSchema.safeParse(upload({ contentBase64: 'not base64!' })).success).toBe(false)
    expect(attachmentUploadSchema.safeParse(upload({ contentType: 'text' })).success).toBe(false)
    expect(attachmentUploadSchema.safeParse(upload({ fileName: 'スクリーンショット 2026-11-23.png' })).success).toBe(true)
  })

  it('takes at most five files at a time', () => {
    expect(attachmentUploadsSchema.safeParse(Array.from({ length: 5 }, () => upload())).success).toBe(true)
    expect(attachmentUploadsSchema.safeParse(Array.from({ length: 6 }, () => upload())).success).toBe(false)
  })
})
