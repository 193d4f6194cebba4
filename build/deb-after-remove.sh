#!/bin/sh
# The .deb's postrm (electron-builder.yml: deb.afterRemove). dpkg runs it after removing the package's files,
# with the reason as its first argument: remove, purge, upgrade, failed-upgrade, abort-install, abort-upgrade or
# disappear.
#
# It takes the place of electron-builder's default after-remove script, so it keeps that script's two steps (the
# /usr/bin link and the AppArmor profile), and adds one: on remove or purge, never on upgrade, it deletes the
# start-at-login entries the app wrote for its users (src-main/app/autostart.ts) that start this package's
# executable. An entry that starts something else (an AppImage of the app, say) is left alone, as is any other
# file. Entries under a custom XDG_CONFIG_HOME cannot be found from here.
#
# electron-builder fills in the executable and product-folder macros before packing and treats every dollar-brace
# word as one, failing on unknown names: the shell's own variables are therefore written without braces.
#
# IICP_PACKAGE_ROOT is for tests only: the folder that stands for / (tests/unit/app/uninstall.test.ts).

root=${IICP_PACKAGE_ROOT:-}
root=${root%/}
# Single quotes: electron-builder escapes the values it fills in for exactly that context.
# shellcheck disable=SC2016
exe_name='${executable}'
# shellcheck disable=SC2016
exe='/opt/${sanitizedProductName}/${executable}'
autostart_file='iicp-provider.desktop'

# electron-builder's default steps, on every call as it does them (an upgrade's postinst puts both back).
# System tools run only on the real system, never on a test's tree.
if [ -z "$root" ] && command -v update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove "$exe_name" "$exe"
else
  rm -f "$root/usr/bin/$exe_name"
fi
apparmor_profile="$root/etc/apparmor.d/$exe_name"
if [ -f "$apparmor_profile" ]; then
  # Unloaded before the file goes, so the policy is not left enforced until the next reboot (not in a chroot).
  if [ -z "$root" ] && apparmor_status --enabled >/dev/null 2>&1; then
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser --remove "$apparmor_profile" || true
    fi
  fi
  rm -f "$apparmor_profile"
fi

case "$1" in
  remove | purge) ;;
  *) exit 0 ;;
esac

# True when the desktop entry starts our executable: its Exec line as autostart.ts writes it (the path, quoted
# because it holds a space, then --hidden), or through the /usr/bin link.
starts_our_app() {
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      "Exec=\"$exe\"" | "Exec=\"$exe\" "* | "Exec=$exe" | "Exec=$exe "* | "Exec=/usr/bin/$exe_name" | "Exec=/usr/bin/$exe_name "*)
        return 0
        ;;
    esac
  done <"$1"
  return 1
}

remove_entry_in() {
  entry="$root$1/.config/autostart/$autostart_file"
  if [ -f "$entry" ] && starts_our_app "$entry"; then
    rm -f "$entry"
  fi
}

# Every home folder: those under /home, and those /etc/passwd names (root's among them).
for home in "$root"/home/*; do
  [ -d "$home" ] && remove_entry_in "${home#"$root"}"
done
if [ -f "$root/etc/passwd" ]; then
  while IFS=: read -r _user _password _uid _gid _gecos home _shell; do
    case $home in
      /*) remove_entry_in "$home" ;;
    esac
  done <"$root/etc/passwd"
fi

exit 0
