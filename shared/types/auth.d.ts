// What a session carries (nuxt-auth-utils): the account id, role and display name, and the session version that
// server/utils/session.ts checks against the database. Nothing personal beyond the name.
declare module '#auth-utils' {
  interface User {
    id: number
    role: 'citizen' | 'officer' | 'head' | 'admin'
    name: string
  }

  interface UserSession {
    version?: number
  }
}

export {}
