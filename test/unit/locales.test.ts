import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/paths'

type Messages = { [key: string]: string | Messages }

const load = (code: string) => JSON.parse(readFileSync(`${ROOT}/locales/${code}.json`, 'utf8')) as Messages

function keys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`))
}

function unsorted(messages: Messages, prefix = ''): string[] {
  const own = Object.keys(messages)
  const sorted = [...own].sort()
  const here = own.join() === sorted.join() ? [] : [prefix || '(top)']
  return [...here, ...Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [] : unsorted(value, `${prefix}${key}.`))]
}

describe('the locale files', () => {
  it('give Bahasa Indonesia and English the same keys', () => {
    expect(keys(load('en')).sort()).toEqual(keys(load('id')).sort())
  })

  it('keep their keys sorted, so additions land in one place', () => {
    expect(unsorted(load('id'))).toEqual([])
    expect(unsorted(load('en'))).toEqual([])
  })

  it('leave no message empty', () => {
    for (const code of ['id', 'en']) {
      const empty = keys(load(code)).filter(key => !String(key.split('.').reduce<Messages | string>(
        (node, part) => (node as Messages)[part]!, load(code))).trim())
      expect(empty, code).toEqual([])
    }
  })
})
