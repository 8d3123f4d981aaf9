; Inno Setup script for the Windows installer (NOT built or tested here: CI runs on Linux).
; Build on Windows: first `pyinstaller --noconfirm packaging\iepdesk.spec` (gives dist\IEPDesk), then
;   iscc /DAppVersion=0.1.0 /DTesseractDir=C:\path\to\tesseract packaging\iepdesk.iss
; OCR: copy a Tesseract for Windows build (tesseract.exe, its DLLs and tessdata\eng.traineddata) into
; {app}\tesseract; IEPDesk finds it through IEPDESK_TESSERACT, which the shortcut sets.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6E1F2C51-8D8B-4C0B-9A34-1D6C0E7B2F41}
AppName=IEPDesk
AppVersion={#AppVersion}
DefaultDirName={autopf}\IEPDesk
DefaultGroupName=IEPDesk
PrivilegesRequired=lowest
OutputBaseFilename=IEPDesk-{#AppVersion}-windows-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "..\dist\IEPDesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion
#ifdef TesseractDir
Source: "{#TesseractDir}\*"; DestDir: "{app}\tesseract"; Flags: recursesubdirs ignoreversion
#endif

[Icons]
Name: "{group}\IEPDesk"; Filename: "{app}\iepdesk.exe"
Name: "{userdesktop}\IEPDesk"; Filename: "{app}\iepdesk.exe"; Tasks: desktopicon

[Tasks]
Name: desktopicon; Description: "Create a desktop shortcut"

[Registry]
Root: HKCU; Subkey: "Environment"; ValueType: string; ValueName: "IEPDESK_TESSERACT"; \
  ValueData: "{app}\tesseract\tesseract.exe"; Flags: uninsdeletevalue; Check: FileExists(ExpandConstant('{app}\tesseract\tesseract.exe'))
