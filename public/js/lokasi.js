/*
 * "Gunakan lokasi saya" on /pengaduan/baru: fills the map point box with the phone's location, when the browser can
 * tell it and the reporter allows it. Without this script, or without permission, the box is typed in by hand.
 * Plain ES2017, no build.
 */
(function () {
  'use strict'
  var holder = document.querySelector('[data-lokasi-tombol]')
  var input = document.getElementById('titik')
  if (!holder || !input || !navigator.geolocation) return
  var button = holder.querySelector('button')
  var status = holder.querySelector('[data-lokasi-status]')
  holder.hidden = false
  button.addEventListener('click', function () {
    status.textContent = button.getAttribute('data-sedang')
    button.disabled = true
    navigator.geolocation.getCurrentPosition(function (position) {
      input.value = position.coords.latitude.toFixed(6) + ', ' + position.coords.longitude.toFixed(6)
      status.textContent = ''
      button.disabled = false
    }, function () {
      status.textContent = button.getAttribute('data-gagal')
      button.disabled = false
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 })
  })
})()
