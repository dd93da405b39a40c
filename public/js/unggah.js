/*
 * Upload progress for the documents pages (/layanan/…/ajukan/dokumen, /permohonan/…/perbaiki). Without this
 * script each file form posts to its page and the server answers 303; with it the file goes to the form's JSON
 * route (data-upload) with a progress bar, and the page is loaded again to show the file. Plain ES2017, no build.
 */
(function () {
  'use strict'
  var english = /^en\b/.test(document.documentElement.lang)
  var text = english
    ? { sending: 'Uploading…', failed: 'The upload stopped. Check your connection and try again.' }
    : { sending: 'Mengunggah…', failed: 'Unggahan terputus. Periksa koneksi lalu coba lagi.' }

  function showError(form, message) {
    // The message of an earlier attempt (from the server) gives way to this one; focus moves to it.
    var earlier = form.querySelectorAll('.error-message:not(.js-upload-error)')
    for (var index = 0; index < earlier.length; index++) earlier[index].hidden = true
    var box = form.querySelector('.js-upload-error')
    if (!box) {
      box = document.createElement('p')
      box.className = 'error-message js-upload-error'
      box.setAttribute('role', 'alert')
      box.tabIndex = -1
      form.insertBefore(box, form.firstChild)
    }
    box.textContent = message
    box.focus()
  }

  function enhance(form) {
    form.addEventListener('submit', function (event) {
      var input = form.querySelector('input[type=file]')
      if (!input || !input.files || !input.files.length) return
      event.preventDefault()
      var button = form.querySelector('button')
      var progress = document.createElement('progress')
      progress.max = 100
      progress.value = 0
      progress.className = 'upload__progress'
      progress.setAttribute('aria-label', text.sending)
      form.appendChild(progress)
      if (button) button.disabled = true

      var body = new FormData()
      body.append('file', input.files[0])
      var request = new XMLHttpRequest()
      request.open('POST', form.getAttribute('data-upload'))
      request.setRequestHeader('Accept', 'application/json')
      request.upload.addEventListener('progress', function (progressEvent) {
        if (!progressEvent.lengthComputable) return
        progress.value = Math.round(100 * progressEvent.loaded / progressEvent.total)
      })
      request.addEventListener('load', function () {
        if (request.status >= 200 && request.status < 300) {
          window.location.assign(window.location.pathname + window.location.search)
          return
        }
        var message = text.failed
        try {
          message = JSON.parse(request.responseText).message || message
        }
        catch (error) { /* not JSON: keep the general message */ }
        finish(message)
      })
      request.addEventListener('error', function () { finish(text.failed) })
      request.addEventListener('abort', function () { finish(text.failed) })
      request.send(body)

      function finish(message) {
        progress.remove()
        if (button) button.disabled = false
        showError(form, message)
      }
    })
  }

  var forms = document.querySelectorAll('form[data-upload]')
  for (var index = 0; index < forms.length; index++) enhance(forms[index])
})()
