; Inno Setup script: the Windows installer of SIPROS Escritorio.
; 1. On a Windows PC with Python 3.11: pip install . pyinstaller
;    pyinstaller --noconfirm --distpath dist instaladores\sipros-desktop.spec
; 2. iscc instaladores\windows\sipros-desktop.iss  → dist\SIPROS-Escritorio-instalador.exe
;
; Start-menu shortcut; the uninstaller removes the program and keeps the user's data folder
; (%LOCALAPPDATA%\sipros-desktop: the embedded database, backups, drafts; SIPROS_DATOS moves it).
;
; UNTESTED ON WINDOWS: the embedded database's sign-in for maintenance uses the pg_hba «sspi»
; branch (bd/integrada.py: host … 127.0.0.1/32 sspi map=sipros include_realm=0), which has not
; been run on Windows yet. Check on a first PC that the app starts, creates its database and
; asks for the first administrator before rolling out.

#define MyAppName "SIPROS Escritorio"
#define MyAppVersion "0.1.0"
#define MyAppPublisher "Gobierno del Estado de Querétaro"
#define MyAppExeName "sipros-desktop.exe"

[Setup]
AppId={{6E4B6C52-6F2A-4E6B-9C1E-5349505253A1}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppPublisher={#MyAppPublisher}
DefaultDirName={autopf}\SIPROS Escritorio
DefaultGroupName={#MyAppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=SIPROS-Escritorio-instalador
SetupIconFile=..\..\recursos\icono.ico
UninstallDisplayIcon={app}\{#MyAppExeName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog

[Languages]
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "escritorio"; Description: "Crear un acceso directo en el escritorio"; Flags: unchecked

[Files]
Source: "..\..\dist\sipros-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#MyAppName}"; Filename: "{app}\{#MyAppExeName}"
Name: "{group}\Desinstalar {#MyAppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#MyAppName}"; Filename: "{app}\{#MyAppExeName}"; Tasks: escritorio

[Run]
Filename: "{app}\{#MyAppExeName}"; Description: "Abrir {#MyAppName}"; Flags: nowait postinstall skipifsilent

; [UninstallDelete] deliberately absent: the data folder of each user is never deleted.
