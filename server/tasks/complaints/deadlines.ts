import { runDeadlinePass } from '../../complaints/deadline-task'

/** Every 15 minutes (nuxt.config.ts scheduledTasks): closes answered complaints and notices late ones. */
export default defineTask({
  meta: { name: 'complaints:deadlines', description: 'Evaluate complaint deadlines' },
  async run() {
    const result = await runDeadlinePass((await useDatabase()).orm.em.fork())
    return { result }
  },
})
