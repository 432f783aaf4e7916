import { z } from 'zod'
import { ERROR_CODES, type RpcResult } from '../../../shared/contract/errors'
import type { Transport } from './transport'

const TOKEN_KEY = 'lead-manager-token'

/** The per-run token arrives in the URL fragment (never sent to a server); keep it for reloads. */
export function takeTokenFromLocation(): string | null {
  const match = /(?:^|[#&])token=([A-Za-z0-9_-]+)/.exec(window.location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1])
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return match[1]
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

/** The reply envelope every route sends; the result itself is the method's, checked by main. */
function replySchema<T>(result: z.ZodType<T>): z.ZodType<RpcResult<T>> {
  return z.union([
    z.object({ ok: z.literal(true), result }),
    z.object({ ok: z.literal(false), error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) })
  ])
}
const invokeReply = replySchema(z.unknown())
const uploadReply = replySchema(z.object({ uploadId: z.string(), size: z.number() }))

function lostContact(message: string): RpcResult<never> {
  return { ok: false, error: { code: 'INTERNAL', message } }
}

export function httpTransport(token: string): Transport {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const listeners = new Set<(name: string, payload: unknown) => void>()
  let stream: AbortController | null = null

  async function readEvents(controller: AbortController): Promise<void> {
    // Reconnects with a pause, so a restarted server or a sleeping laptop recovers by itself.
    while (!controller.signal.aborted) {
      try {
        const response = await fetch('/api/events', { headers, signal: controller.signal })
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`)
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
        let buffer = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          buffer += value
          let end: number
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const data = frame
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice(6))
              .join('\n')
            if (!data) continue
            const { name, payload } = JSON.parse(data) as { name: string; payload: unknown }
            listeners.forEach((listener) => listener(name, payload))
          }
        }
      } catch {
        if (controller.signal.aborted) return
      }
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }

  return {
    kind: 'http',
    async invoke(method, input): Promise<RpcResult<unknown>> {
      try {
        const response = await fetch('/api/invoke', {
          method: 'POST',
          headers,
          body: JSON.stringify({ method, input })
        })
        const reply = invokeReply.safeParse(await response.json())
        return reply.success ? reply.data : lostContact('Lead Manager sent a reply this page cannot read.')
      } catch (err) {
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `Lost contact with Lead Manager (${err instanceof Error ? err.message : String(err)}).`
          }
        }
      }
    },
    async upload(file, name) {
      try {
        // A File body is read from disk as it is sent: the page never holds the file whole.
        const response = await fetch(`/api/upload?name=${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
          body: file
        })
        const reply = uploadReply.safeParse(await response.json())
        return reply.success ? reply.data : lostContact('Lead Manager sent a reply this page cannot read.')
      } catch (err) {
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `The file could not be sent to Lead Manager (${err instanceof Error ? err.message : String(err)}).`
          }
        }
      }
    },
    onEvent(listener) {
      listeners.add(listener)
      if (!stream) {
        stream = new AbortController()
        void readEvents(stream)
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && stream) {
          stream.abort()
          stream = null
        }
      }
    }
  }
}
