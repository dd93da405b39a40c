import { registerCitizen } from '../../../accounts/accounts'

/** Registers a citizen and signs them in: 201 `{ user }`, or 422 `{ message, errors }`. */
export default defineApiHandler(['POST'], async (event) => {
  const user = await registerCitizen(await useEm(event), await readLimitedBody(event))
  await signIn(event, user)
  setResponseStatus(event, 201)
  return { user: publicUser(user) }
})
