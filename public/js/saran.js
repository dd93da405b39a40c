/*
 * Suggestions as the reporter types, on /pengaduan/baru. Without this script "Cari OPD yang tepat" posts the form
 * and the page comes back with the suggestions as choices. With it, the title and description go to
 * /api/v1/complaints/suggest in a POST body (never in a URL) a moment after the reporter stops typing, or at once on
 * the button, and the choices are redrawn from the page's own "none of these" choice. Plain ES2017, no build.
 */
(function () {
  'use strict'
  var box = document.getElementById('saran-hasil')
  var form = box && box.closest('form')
  if (!form || !window.fetch || !window.AbortController || !window.CSS) return
  var title = form.querySelector('#title')
  var description = form.querySelector('#description')
  var button = form.querySelector('[data-saran-cari]')
  var group = box.querySelector('[data-saran-pilihan]')
  var radios = group.querySelector('.radios')
  var listed = group.querySelector('input[name=disarankan]')
  var status = document.getElementById('saran-status')
  var none = radios.querySelector('input[value=verifikasi]').closest('.radios__item').cloneNode(true)
  var noneLabel = none.querySelector('label').textContent.trim()
  var noneHint = none.querySelector('.radios__hint').textContent.trim()
  /** Wait this long after the last key before asking; at least this many characters typed. */
  var PAUSE_MS = 800
  var SHORTEST = 20
  var asked = ''
  var timer
  var pending

  /** One choice, a copy of the "none of these" choice with its own value, id, label and hint. */
  function choice(value, label, hint, first) {
    var item = none.cloneNode(true)
    var input = item.querySelector('input')
    var id = first ? 'saran' : 'saran-' + value
    input.id = id
    input.value = value
    input.checked = false
    input.setAttribute('aria-describedby', id + '-item-hint')
    item.querySelector('label').htmlFor = id
    item.querySelector('label').textContent = label
    item.querySelector('.radios__hint').id = id + '-item-hint'
    item.querySelector('.radios__hint').textContent = hint
    return item
  }

  function show(suggestions) {
    var checked = radios.querySelector('input:checked')
    var kept = checked ? checked.value : ''
    radios.textContent = ''
    suggestions.forEach(function (suggestion, index) {
      var hint = [suggestion.category.name, suggestion.service && suggestion.service.name].filter(Boolean).join(' · ')
      radios.appendChild(choice(suggestion.agency.slug, suggestion.agency.name, hint, index === 0))
    })
    radios.appendChild(choice('verifikasi', noneLabel, noneHint, suggestions.length === 0))
    // A choice made before stays made while it is still offered (and nothing stays chosen in a hidden list).
    var again = kept && radios.querySelector('input[value="' + CSS.escape(kept) + '"]')
    if (again && suggestions.length) again.checked = true
    group.hidden = suggestions.length === 0
    listed.disabled = suggestions.length === 0
    status.textContent = suggestions.length
      ? box.getAttribute('data-found').replace('{n}', String(suggestions.length))
      : box.getAttribute('data-empty')
  }

  /** Resolves true when the suggestions on the page are those of the text; false when they could not be had. */
  function ask() {
    var text = (title.value + '\n' + description.value).trim().slice(0, 4000)
    if (text === asked) return Promise.resolve(true)
    if (pending) pending.abort()
    pending = new AbortController()
    return fetch(box.getAttribute('data-saran-url'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ text: text }),
      credentials: 'same-origin',
      signal: pending.signal,
    }).then(function (response) {
      if (!response.ok) throw new Error('suggestions answered ' + response.status)
      return response.json()
    }).then(function (answer) {
      asked = text
      show(answer.suggestions)
      return true
    }).catch(function (error) {
      return error.name === 'AbortError'
    })
  }

  function typed() {
    clearTimeout(timer)
    if ((title.value + description.value).trim().length < SHORTEST) return
    timer = setTimeout(ask, PAUSE_MS)
  }

  title.addEventListener('input', typed)
  description.addEventListener('input', typed)
  button.addEventListener('click', function (event) {
    // Nothing typed: the form's own post answers with the message beside the description.
    if (!(title.value + description.value).trim()) return
    event.preventDefault()
    clearTimeout(timer)
    ask().then(function (shown) {
      // The suggestions could not be had: the form's own post asks for them instead.
      if (!shown && form.requestSubmit) form.requestSubmit(button)
      else status.focus()
    })
  })
})()
