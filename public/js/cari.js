/*
 * Search as you type on the search form (/ and /cari). Without this script the form is a plain GET to /cari; with it
 * the field becomes a combobox with a listbox popup (WAI-ARIA 1.2, https://www.w3.org/WAI/ARIA/apg/patterns/combobox/,
 * "list autocomplete" without automatic selection): suggestions from /api/v1/search appear under the field, the
 * arrow keys move through them, Enter on one opens that service, Enter on none searches as before, Escape closes the
 * list, and a polite live region says how many there are. Texts come from the form's data- attributes, rendered by
 * the server in the page's language. Plain ES2017, no build.
 */
(function () {
  'use strict'
  /** Long enough that a quick typist sends one request per pause, short enough to feel immediate. */
  var DELAY_MS = 200
  var LIMIT = 8
  var MIN_LENGTH = 2
  if (!window.fetch || !window.AbortController) return

  function enhance(form) {
    var text = form.dataset
    var input = form.querySelector('input[name=q]')
    var listbox = document.createElement('ul')
    listbox.id = input.id + '-saran'
    listbox.className = 'suggest'
    listbox.hidden = true
    listbox.setAttribute('role', 'listbox')
    listbox.setAttribute('aria-label', text.suggestLabel)
    input.parentNode.appendChild(listbox)
    var status = document.createElement('p')
    status.className = 'visually-hidden'
    status.setAttribute('role', 'status')
    form.appendChild(status)

    input.setAttribute('role', 'combobox')
    input.setAttribute('aria-autocomplete', 'list')
    input.setAttribute('aria-expanded', 'false')
    input.setAttribute('aria-controls', listbox.id)

    var hits = []
    var active = -1
    var timer = 0
    var inFlight = null
    // Each request gets a number; an answer is shown only when no newer request was made since.
    var asked = 0

    function select(index) {
      if (active >= 0) listbox.children[active].setAttribute('aria-selected', 'false')
      active = index
      if (index < 0) {
        input.removeAttribute('aria-activedescendant')
        return
      }
      var option = listbox.children[index]
      option.setAttribute('aria-selected', 'true')
      input.setAttribute('aria-activedescendant', option.id)
      option.scrollIntoView({ block: 'nearest' })
    }

    function setOpen(open) {
      if (!open) select(-1)
      listbox.hidden = !open
      input.setAttribute('aria-expanded', String(open))
    }

    function option(hit, index) {
      var item = document.createElement('li')
      item.id = listbox.id + '-' + index
      item.className = 'suggest__option'
      item.setAttribute('role', 'option')
      item.setAttribute('aria-selected', 'false')
      var name = document.createElement('span')
      name.className = 'suggest__name'
      name.textContent = hit.name
      var where = document.createElement('span')
      where.className = 'suggest__meta'
      where.textContent = hit.category.name + ' · ' + hit.agency.name
      // The space keeps the option's accessible name from running the two lines together.
      item.append(name, ' ', where)
      return item
    }

    function show(found) {
      hits = found
      active = -1
      listbox.replaceChildren.apply(listbox, found.map(option))
      setOpen(found.length > 0)
      var count = found.length === 0 ? text.countNone : found.length === 1 ? text.countOne : text.countMany
      status.textContent = count.replace('{count}', String(found.length))
    }

    function cancel() {
      clearTimeout(timer)
      asked++
      if (inFlight) inFlight.abort()
      inFlight = null
    }

    function ask(q) {
      var controller = new AbortController()
      var number = ++asked
      inFlight = controller
      var query = new URLSearchParams({ q: q, limit: String(LIMIT) })
      fetch(text.suggest + '?' + query, { signal: controller.signal, headers: { accept: 'application/json' } })
        .then(function (response) {
          if (!response.ok) throw new Error('search answered ' + response.status)
          return response.json()
        })
        .then(function (result) {
          if (number === asked) show(result.hits)
        })
        .catch(function () {
          // Aborted for a newer request, or the connection failed: the plain form still searches.
          if (number === asked) setOpen(false)
        })
    }

    function open(hit) {
      window.location.assign(text.service + '/' + encodeURIComponent(hit.slug))
    }

    input.addEventListener('input', function () {
      cancel()
      select(-1)
      var q = input.value.trim()
      if (q.length < MIN_LENGTH) {
        setOpen(false)
        return
      }
      timer = setTimeout(function () { ask(q) }, DELAY_MS)
    })

    input.addEventListener('keydown', function (event) {
      var last = hits.length - 1
      if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && hits.length) {
        event.preventDefault()
        var opening = listbox.hidden
        setOpen(true)
        // Alt+Down opens the list without choosing (APG); the arrows wrap around at either end.
        if (opening && event.altKey) return
        if (event.key === 'ArrowDown') select(active < last ? active + 1 : 0)
        else select(active > 0 ? active - 1 : last)
      }
      else if (event.key === 'Enter' && !listbox.hidden && active >= 0) {
        event.preventDefault()
        open(hits[active])
      }
      else if (event.key === 'Escape' && !listbox.hidden) {
        // Closing only: the browser's own Escape would also empty a search field.
        event.preventDefault()
        setOpen(false)
      }
      else if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].indexOf(event.key) >= 0) {
        select(-1)
      }
    })

    input.addEventListener('blur', function () { setOpen(false) })
    // Pressing an option must not take the focus from the field (that would close the list before the click).
    listbox.addEventListener('mousedown', function (event) { event.preventDefault() })
    listbox.addEventListener('click', function (event) {
      var item = event.target.closest('[role=option]')
      if (item) open(hits[Array.prototype.indexOf.call(listbox.children, item)])
    })
  }

  var forms = document.querySelectorAll('form[data-suggest]')
  for (var index = 0; index < forms.length; index++) enhance(forms[index])
})()
