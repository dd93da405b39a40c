import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  computeCheckCharacter, generateTrackingCode, isValidTrackingCode, normaliseTrackingCode, TRACKING_CODE_ALPHABET,
  TRACKING_CODE_PREFIX,
} from '../../server/requests/tracking-code'

const ALPHABET = TRACKING_CODE_ALPHABET
const MODULUS = ALPHABET.length
const LENGTH = 12
/** Weight of each position in the check sum, as the module documents it: 12 at the left down to 1 at the check. */
const WEIGHTS = Array.from({ length: LENGTH }, (_, index) => LENGTH - index)
const CODE_PATTERN = new RegExp(`^${TRACKING_CODE_PREFIX}(-[${ALPHABET}]{4}){3}$`)

/** Small seeded generator, so a failing case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6D2B79F5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function inverseModulo(value: number): number {
  for (let candidate = 1; candidate < MODULUS; candidate++) {
    if ((value * candidate) % MODULUS === 1) return candidate
  }
  throw new Error(`${value} has no inverse modulo ${MODULUS}`)
}

/**
 * A valid 12-character code with the given values at the given positions: the other positions are random except
 * one, solved so that the weighted sum is 0. This reaches codes the generator would take ages to produce, such as a
 * particular check character next to a particular value.
 */
function buildCode(fixed: Map<number, number>, random: () => number): string {
  const values = Array.from({ length: LENGTH }, (_, index) => fixed.get(index) ?? Math.floor(random() * MODULUS))
  const solved = [...Array.from({ length: LENGTH }).keys()].find(index => !fixed.has(index))!
  const rest = values.reduce((sum, value, index) => index === solved ? sum : sum + value * WEIGHTS[index]!, 0)
  values[solved] = ((MODULUS - (rest % MODULUS)) * inverseModulo(WEIGHTS[solved]!)) % MODULUS
  return values.map(value => ALPHABET[value]).join('')
}

function replaceAt(code: string, index: number, character: string): string {
  return code.slice(0, index) + character + code.slice(index + 1)
}

function swap(code: string, first: number, second: number): string {
  return replaceAt(replaceAt(code, first, code[second]!), second, code[first]!)
}

function body(code: string): string {
  return code.replaceAll('-', '').slice(TRACKING_CODE_PREFIX.length)
}

describe('the alphabet', () => {
  it('leaves out the characters people confuse: 0 O Q D, 1 I L, U V, S Z B G, and E C J P N H', () => {
    for (const character of '0OQD1ILUVSZBGECJPNH') expect(ALPHABET, character).not.toContain(character)
  })

  it('has 17 distinct characters, a prime number, which the check character needs', () => {
    expect(new Set(ALPHABET).size).toBe(17)
    expect(ALPHABET).toBe('23456789AFKMRTWXY')
  })
})

describe('generating a tracking code', () => {
  it('gives TGM and three groups of four characters that pass their own check', () => {
    const code = generateTrackingCode()
    expect(code).toMatch(CODE_PATTERN)
    expect(isValidTrackingCode(code)).toBe(true)
    expect(normaliseTrackingCode(code)).toBe(code)
  })

  it('does not repeat itself over 20,000 codes', () => {
    const codes = new Set(Array.from({ length: 20_000 }, generateTrackingCode))
    expect(codes.size).toBe(20_000)
  })

  it('uses every character of the alphabet in every random position', () => {
    const seen = Array.from({ length: LENGTH - 1 }, () => new Set<string>())
    for (let i = 0; i < 3_000; i++) {
      const random = body(generateTrackingCode()).slice(0, LENGTH - 1)
      for (let index = 0; index < random.length; index++) seen[index]!.add(random[index]!)
    }
    expect(seen.map(characters => characters.size)).toEqual(seen.map(() => MODULUS))
  })

  describe('with node:crypto replaced', () => {
    afterEach(() => {
      vi.doUnmock('node:crypto')
      vi.resetModules()
    })

    it('draws each random character from node:crypto randomInt over the whole alphabet', async () => {
      const randomInt = vi.fn(() => 0)
      vi.doMock('node:crypto', () => ({ randomInt }))
      vi.resetModules()
      const { generateTrackingCode: generateWithStub } = await import('../../server/requests/tracking-code')

      expect(generateWithStub()).toBe('TGM-2222-2222-2222')
      expect(randomInt).toHaveBeenCalledTimes(11)
      expect(randomInt.mock.calls.every(call => (call as unknown[])[0] === MODULUS)).toBe(true)
    })
  })
})

describe('the check character', () => {
  it('completes a body into a valid code', () => {
    const code = `7K4X9A2RMWF${computeCheckCharacter('7K4X9A2RMWF')}`
    expect(code).toBe('7K4X9A2RMWFM')
    expect(isValidTrackingCode(code)).toBe(true)
  })

  it('refuses a body of the wrong length or with a character outside the alphabet', () => {
    expect(() => computeCheckCharacter('7K4X9A2RMW')).toThrow(RangeError)
    expect(() => computeCheckCharacter('7K4X9A2RMWO')).toThrow(/outside the tracking code alphabet/)
  })

  it('catches every single wrong character, at every position, from every value to every other', () => {
    const random = seededRandom(1)
    const missed: string[] = []
    for (let position = 0; position < LENGTH; position++) {
      for (let from = 0; from < MODULUS; from++) {
        const code = buildCode(new Map([[position, from]]), random)
        expect(isValidTrackingCode(code), code).toBe(true)
        for (let to = 0; to < MODULUS; to++) {
          const changed = replaceAt(code, position, ALPHABET[to]!)
          if (to !== from && isValidTrackingCode(changed)) missed.push(`${code} → ${changed}`)
        }
      }
    }
    expect(missed).toEqual([])
  })

  it('catches every swap of two different characters, adjacent or not, for every pair of values', () => {
    const random = seededRandom(2)
    const missed: string[] = []
    let checked = 0
    for (let first = 0; first < LENGTH; first++) {
      for (let second = first + 1; second < LENGTH; second++) {
        for (let a = 0; a < MODULUS; a++) {
          for (let b = 0; b < MODULUS; b++) {
            if (a === b) continue
            const code = buildCode(new Map([[first, a], [second, b]]), random)
            if (isValidTrackingCode(swap(code, first, second))) missed.push(`${code} (${first}↔${second})`)
            checked++
          }
        }
      }
    }
    expect(checked).toBe(66 * 17 * 16)
    expect(missed).toEqual([])
  })

  it('catches every single error and every adjacent swap in 500 generated codes', () => {
    const missed: string[] = []
    for (let i = 0; i < 500; i++) {
      const code = body(generateTrackingCode())
      for (let position = 0; position < LENGTH; position++) {
        for (const character of ALPHABET) {
          if (character !== code[position] && isValidTrackingCode(replaceAt(code, position, character))) {
            missed.push(`${code}: ${position} → ${character}`)
          }
        }
        if (position < LENGTH - 1 && code[position] !== code[position + 1]
          && isValidTrackingCode(swap(code, position, position + 1))) missed.push(`${code}: swap at ${position}`)
      }
    }
    expect(missed).toEqual([])
  })

  it('lets through only one in 17 random strings of the right shape, so most guesses fail before any lookup', () => {
    const random = seededRandom(3)
    const tries = 17_000
    let passed = 0
    for (let i = 0; i < tries; i++) {
      const guess = Array.from({ length: LENGTH }, () => ALPHABET[Math.floor(random() * MODULUS)]).join('')
      if (isValidTrackingCode(guess)) passed++
    }
    expect(passed).toBeGreaterThan(800)
    expect(passed).toBeLessThan(1_200)
  })
})

describe('reading a code a person typed', () => {
  const code = 'TGM-7K4X-9A2R-MWFM'

  it('accepts lower case, spaces, missing dashes and a missing prefix', () => {
    for (const typed of ['tgm-7k4x-9a2r-mwfm', 'TGM 7K4X 9A2R MWFM', 'TGM7K4X9A2RMWFM', '7K4X9A2RMWFM',
      '  7k4x-9a2r-mwfm ', '7K4X–9A2R—MWFM', 'TGM.7K4X.9A2R.MWFM', 'T G M 7 K 4 X 9 A 2 R M W F M']) {
      expect(normaliseTrackingCode(typed), typed).toBe(code)
    }
  })

  it('accepts full-width characters from a phone keyboard', () => {
    expect(normaliseTrackingCode('ＴＧＭ－７Ｋ４Ｘ－９Ａ２Ｒ－ＭＷＦＭ')).toBe(code)
  })

  it('reads S, Z, B and G typed for the digits 5, 2, 8 and 6 they look like', () => {
    const withDigits = `5286AFKMRTW${computeCheckCharacter('5286AFKMRTW')}`
    const typed = `szbg${withDigits.slice(4).toLowerCase()}`
    expect(normaliseTrackingCode(typed)).toBe(normaliseTrackingCode(withDigits))
    expect(normaliseTrackingCode(typed)).toMatch(/^TGM-5286-/)
  })

  it('refuses O, 0, I, 1 and L, which have no partner in the alphabet to stand for', () => {
    for (const character of 'O0I1L') expect(normaliseTrackingCode(replaceAt(body(code), 0, character))).toBeNull()
  })

  it('refuses a misheard letter even when it maps to a digit: F heard as S becomes 5 and fails the check', () => {
    const misheard = replaceAt(body(code), body(code).indexOf('F'), 'S')
    expect(normaliseTrackingCode(misheard)).toBeNull()
    expect(normaliseTrackingCode(replaceAt(body(code), body(code).indexOf('M'), 'N'))).toBeNull()
  })

  it('refuses a code with one character wrong or two neighbours swapped', () => {
    expect(normaliseTrackingCode('TGM-7K4X-9A2R-MWFK')).toBeNull()
    expect(normaliseTrackingCode('TGM-K74X-9A2R-MWFM')).toBeNull()
  })

  it('refuses the wrong length, the prefix alone, another prefix and input far too long to be a code', () => {
    for (const typed of ['', 'TGM', 'TGM-7K4X-9A2R-MWF', 'TGM-7K4X-9A2R-MWFMM', 'ABC-7K4X-9A2R-MWFM',
      `${code}${' '.repeat(60)}`]) {
      expect(normaliseTrackingCode(typed), typed).toBeNull()
    }
  })

  it('takes a 12-character body beginning with T as a body, not as a shortened prefix', () => {
    const startsWithT = buildCode(new Map([[0, ALPHABET.indexOf('T')], [1, ALPHABET.indexOf('M')]]), seededRandom(4))
    expect(normaliseTrackingCode(startsWithT)).toBe(`TGM-${startsWithT.slice(0, 4)}-${startsWithT.slice(4, 8)}-`
      + startsWithT.slice(8))
  })

  it('answers isValidTrackingCode the same way for every spelling', () => {
    expect(isValidTrackingCode('tgm 7k4x 9a2r mwfm')).toBe(true)
    expect(isValidTrackingCode('TGM-7K4X-9A2R-MWFK')).toBe(false)
  })

  it('refuses something that is not a string, as can arrive from a loosely typed caller', () => {
    expect(normaliseTrackingCode(undefined as unknown as string)).toBeNull()
  })
})
