; Uninstaller steps of the Windows installer (electron-builder.yml: nsis.include). electron-builder inserts the
; macro into its own uninstall section, after it has checked that the app is not running and before it removes
; the installed files; APP_ID and PRODUCT_NAME are its defines (the appId and the productName).
;
; tests/unit/app/uninstall.test.ts holds this file to what it must do.

!macro customUnInstall
  ; An update runs the old version's uninstaller silently before installing the new one: the person's
  ; start-at-login choice and their data must come through it untouched.
  ${ifNot} ${isUpdated}
    ; Start at login (src-main/app/autostart.ts): Electron's app.setLoginItemSettings writes a value named after
    ; the app's AppUserModelId, which src-main/app/bootstrap.ts sets to the appId, under the current user's Run
    ; key; Task Manager's "Disable" keeps a value of the same name under StartupApproved\Run. Left behind, the
    ; Run value makes Windows try to start a program that is gone at every login.
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "${APP_ID}"
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run" "${APP_ID}"

    ; The data folder holds the node's identity and keys, the earnings history and the logs: it stays unless the
    ; person says otherwise (deleteAppDataOnUninstall is off), and a silent uninstall (/S) keeps it.
    ${If} ${Cmd} `MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "Also delete your ${PRODUCT_NAME} data?$\r$\n$\r$\nIt holds this computer's node identity and keys, your earnings history and the logs. Keep it to carry on with the same node if you install ${PRODUCT_NAME} again." /SD IDNO IDYES`
      ; Electron keeps userData under the current user's Roaming folder even when the app was installed for all
      ; users, whose uninstaller works in the all-users context.
      ${If} $installMode == "all"
        SetShellVarContext current
      ${EndIf}
      ${If} $APPDATA != ""
        RMDir /r "$APPDATA\${PRODUCT_NAME}"
      ${EndIf}
      ${If} $installMode == "all"
        SetShellVarContext all
      ${EndIf}
    ${EndIf}
  ${endIf}
!macroend
