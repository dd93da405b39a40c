// @nlpjs/lang-id ships no type declarations; only its stemmer is used (server/search/stem.ts).
declare module '@nlpjs/lang-id' {
  export class StemmerId {
    stemWord(word: string): string
  }
}
