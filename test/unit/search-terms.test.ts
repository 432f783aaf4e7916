import { describe, expect, it } from 'vitest'
import { leadFiltersSchema } from '../../src/shared/contract'
import { parseSearch, termBeingTyped } from '../../src/shared/search-terms'

const connections = [
  { id: 'c1', name: 'Shop bot' },
  { id: 'c2', name: 'Support' }
]

describe('parseSearch', () => {
  it('turns field terms into filters and leaves the words', () => {
    const parsed = parseSearch(
      'pricing status:open tag:vip agent:"Ana B" -tag:cold has:email no:phone kind:chat sync:conflict created:7d demo',
      {},
      connections
    )
    expect(parsed.text).toBe('pricing demo')
    expect(parsed.unknown).toEqual([])
    expect(parsed.filters).toEqual({
      status: ['OPEN'],
      tags: { mode: 'none', values: ['cold'] },
      agent: ['Ana B'],
      hasEmail: true,
      hasPhone: false,
      kind: 'chat',
      syncState: ['conflict'],
      created: { preset: '7d' }
    })
    // Whatever it produces is a valid query model.
    expect(leadFiltersSchema.safeParse(parsed.filters).success).toBe(true)
  })

  it('adds to the filters it is given and never repeats a value', () => {
    const parsed = parseSearch(
      'status:review status:open platform:chatbot connection:"shop bot" agent:none',
      {
        status: ['OPEN'],
        tags: { mode: 'all', values: ['a'] }
      },
      connections
    )
    expect(parsed.filters).toEqual({
      status: ['OPEN', 'REVIEW'],
      tags: { mode: 'all', values: ['a'] },
      platform: ['chatbot-com'],
      connection: ['c1'],
      agent: [null]
    })
    expect(parseSearch('tag:b', { tags: { mode: 'all', values: ['a'] } }).filters.tags).toEqual({
      mode: 'all',
      values: ['a', 'b']
    })
  })

  it('reports terms that name nothing known, and keeps unknown fields as words', () => {
    const parsed = parseSearch('status:maybe connection:nowhere created:yesterday color:red', {}, connections)
    expect(parsed.unknown).toEqual(['status:maybe', 'connection:nowhere', 'created:yesterday'])
    expect(parsed.text).toBe('color:red')
    expect(parsed.filters).toEqual({})
  })

  it('ignores a term still being typed', () => {
    expect(parseSearch('status:').filters).toEqual({})
    expect(parseSearch('"two words" status:').text).toBe('two words')
  })
})

describe('termBeingTyped', () => {
  it('finds the field term at the end of the text, for completion', () => {
    expect(termBeingTyped('pricing sta')).toEqual({ field: null, value: 'sta', start: 8 })
    expect(termBeingTyped('pricing status:op')).toEqual({ field: 'status', value: 'op', start: 8 })
    expect(termBeingTyped('agent:"An')).toEqual({ field: 'agent', value: 'An', start: 0 })
    expect(termBeingTyped('color:re')).toBeNull()
    expect(termBeingTyped('done ')).toEqual({ field: null, value: '', start: 5 })
  })
})
