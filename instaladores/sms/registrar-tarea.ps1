# Despachador de SMS de SIPROS Escritorio como tarea programada de Windows, en UN equipo de
# oficina que quede encendido. Ejecute en PowerShell como administrador, ajustando las rutas:
#   powershell -ExecutionPolicy Bypass -File registrar-tarea.ps1
#
# La tarea arranca con el equipo, corre con una cuenta local dedicada y se reinicia si se cae.
# Las credenciales del proveedor van en sms.conf (solo esa cuenta puede leerlo); la contraseña
# de la base, en %APPDATA%\postgresql\pgpass.conf de esa cuenta.
$Programa   = "C:\Program Files\SIPROS Escritorio\sipros-desktop.exe"
$Config     = "C:\ProgramData\SIPROS\sms.conf"
$Cuenta     = "$env:COMPUTERNAME\sipros-sms"
$BaseDatos  = "postgresql://sipros_sms@SERVIDOR/sipros?sslmode=verify-full"

$accion = New-ScheduledTaskAction -Execute "cmd.exe" `
  -Argument "/c set SIPROS_DB_URL=$BaseDatos&& set SIPROS_SMS_CONFIG=$Config&& `"$Programa`" sms despachar"
$inicio = New-ScheduledTaskTrigger -AtStartup
$ajustes = New-ScheduledTaskSettingsSet -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1) `
  -ExecutionTimeLimit ([TimeSpan]::Zero) -StartWhenAvailable -DontStopOnIdleEnd
$credencial = Get-Credential -UserName $Cuenta -Message "Contraseña de la cuenta del despachador"
Register-ScheduledTask -TaskName "SIPROS - despachador de SMS" -Action $accion -Trigger $inicio `
  -Settings $ajustes -User $Cuenta -Password $credencial.GetNetworkCredential().Password `
  -Description "Envía los mensajes SMS de la bandeja de SIPROS (sipros-desktop sms despachar)"

# solo la cuenta del despachador (y los administradores) leen la configuración
icacls $Config /inheritance:r /grant:r "${Cuenta}:R" "Administrators:F"
