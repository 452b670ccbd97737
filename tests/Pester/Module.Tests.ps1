BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Manifest = Test-ModuleManifest -Path $StagedManifest -ErrorAction Stop
    $script:Data = Import-PowerShellDataFile -Path $StagedManifest
    $script:Module = Import-Module $StagedManifest -PassThru -Force
    $script:Assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AliyunAccessKey' } | Select-Object -First 1
}

AfterAll {
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
}

Describe 'The staged module' {
    It 'passes Test-ModuleManifest with the version of the root manifest' {
        $root = Import-PowerShellDataFile (Join-Path $RepoRoot 'AliyunAccessKey.psd1')
        $Manifest.Version | Should -Be ([version]$root.ModuleVersion)
        Split-Path $StagedModule -Leaf | Should -Be $root.ModuleVersion
    }

    It 'declares both editions and PowerShell 5.1' {
        $Data.CompatiblePSEditions | Should -Contain 'Desktop'
        $Data.CompatiblePSEditions | Should -Contain 'Core'
        $Data.PowerShellVersion | Should -Be '5.1'
    }

    It 'runs the .NET Framework check before its cmdlets are read' {
        # Nested modules run before the root module's cmdlets are read.
        $Data.RootModule | Should -BeExactly 'AliyunAccessKey.dll'
        @($Data.NestedModules) -join ',' | Should -BeExactly 'AliyunAccessKey.FrameworkCheck.psm1'
        $Data.DotNetFrameworkVersion | Should -Be '4.7.2'
    }

    It 'lists its exports explicitly, without wildcards' {
        foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $Data.ContainsKey($key) | Should -BeTrue -Because "$key must be present"
            @($Data[$key]) -join ',' | Should -Not -Match '\*' -Because "$key must not use wildcards"
        }
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $exported = @($Module.ExportedCmdlets.Keys | Sort-Object)
        $listed = @($Data.CmdletsToExport | Sort-Object)
        $exported -join ',' | Should -BeExactly ($listed -join ',')
    }

    It 'lists every cmdlet its assembly defines' {
        $defined = @($Assembly.GetExportedTypes() |
            Where-Object { $_.IsDefined([System.Management.Automation.CmdletAttribute], $false) -and -not $_.IsAbstract } |
            ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" } |
            Sort-Object)
        $defined -join ',' | Should -BeExactly (@($Data.CmdletsToExport | Sort-Object) -join ',')
    }

    It 'exports no functions, aliases or variables it does not list' {
        $Module.ExportedFunctions.Count | Should -Be @($Data.FunctionsToExport).Where({ $_ }).Count
        $Module.ExportedAliases.Count | Should -Be @($Data.AliasesToExport).Where({ $_ }).Count
        $Module.ExportedVariables.Count | Should -Be @($Data.VariablesToExport).Where({ $_ }).Count
    }

    It 'makes public only what users see: cmdlets and their bases, results, exceptions, and a credential seam' {
        # Import-Module reads every public type, so a client class made public again costs import time.
        $exported = [AliyunAccessKey.Model.AccessKey].Assembly.GetExportedTypes()
        @($exported | Where-Object Namespace -in 'AliyunAccessKey.Completion', 'AliyunAccessKey.Operations', 'AliyunAccessKey.Validation', 'AliyunAccessKey.Sessions', 'AliyunAccessKey.Concurrency').Name | Should -BeNullOrEmpty
        $client = @($exported | Where-Object Namespace -eq 'AliyunAccessKey.Client' | ForEach-Object Name | Sort-Object)
        $client -join ', ' | Should -BeExactly 'AcsCredential, AliyunException, AliyunOutcomeUnknownException, AliyunResponseException, AliyunServiceException, AliyunTransportException, ICredentialSource, SignatureScheme'
        @($exported | Where-Object { $_.Namespace -eq 'AliyunAccessKey.Commands' -and -not $_.IsSubclassOf([System.Management.Automation.PSCmdlet]) }).Name | Should -BeNullOrEmpty
    }

    It 'carries honest project metadata' {
        $Data.Description | Should -Not -BeNullOrEmpty
        $Data.PrivateData.PSData.Tags | Should -Contain 'AccessKey'
        $Data.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Desktop'
        $Data.PrivateData.PSData.LicenseUri | Should -Match '^https://'
        if ($Data.PrivateData.PSData.ContainsKey('ProjectUri')) {
            $Data.PrivateData.PSData.ProjectUri | Should -Not -Match 'example|placeholder|TODO'
        }
    }
}

Describe 'The module folder' {
    It 'holds exactly one assembly, the module''s own' {
        $dlls = @(Get-ChildItem $StagedModule -Recurse -Filter *.dll)
        $dlls.Count | Should -Be 1
        $dlls[0].Name | Should -BeExactly 'AliyunAccessKey.dll'
    }

    It 'holds nothing but the assembly, the manifest, the Framework check, ps1xml and help files' {
        $unexpected = Get-ChildItem $StagedModule -Recurse -File | Where-Object {
            $_.Name -notmatch '^(AliyunAccessKey\.(dll|psd1|FrameworkCheck\.psm?1)|.+\.ps1xml|.+-Help\.xml|about_.+\.help\.txt)$'
        }
        $unexpected | Should -BeNullOrEmpty
    }

    It 'is built for netstandard2.0 and references only netstandard and PowerShell' {
        $Assembly.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], $false)[0].FrameworkName | Should -Be '.NETStandard,Version=v2.0'
        $references = @($Assembly.GetReferencedAssemblies().Name | Sort-Object -Unique)
        $references | Where-Object { $_ -notin 'netstandard', 'System.Management.Automation' } | Should -BeNullOrEmpty
    }

    It 'imports in a fresh process by folder path' {
        $folder = Split-Path $StagedModule -Parent
        $out = Invoke-Pwsh -NoProfile -NonInteractive -Command "(Import-Module '$folder' -PassThru).Version.ToString()"
        $LASTEXITCODE | Should -Be 0
        $out | Should -Be $Manifest.Version.ToString()
    }
}

Describe 'build.ps1 Package' {
    It 'produces a nupkg of the staged module with one assembly' {
        Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'build.ps1') Package -NoBuild | Out-Null
        $LASTEXITCODE | Should -Be 0
        $nupkg = Get-ChildItem (Join-Path $RepoRoot 'out/package') -Filter "AliyunAccessKey.$($Manifest.Version).nupkg"
        $nupkg | Should -Not -BeNullOrEmpty
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg.FullName)
        try {
            $names = @($zip.Entries.FullName)
        } finally {
            $zip.Dispose()
        }
        $names | Should -Contain 'AliyunAccessKey.psd1'
        $names | Should -Contain 'AliyunAccessKey.dll'
        $names | Should -Contain 'AliyunAccessKey.nuspec'
        @($names | Where-Object { $_ -like '*.dll' }).Count | Should -Be 1
    }
}

Describe 'The package' {
    It 'installs from a local repository with Install-PSResource, imports by name, and runs' {
        $package = Join-Path $RepoRoot 'out/package'
        Test-Path (Join-Path $package "AliyunAccessKey.$($Manifest.Version).nupkg") | Should -BeTrue -Because 'the Package test above built it'
        $emulator = Start-TestEmulator
        try {
            # A child process with its own HOME: the repository registration and the install stay in the test drive.
            $installHome = Join-Path $TestDrive 'installhome'
            New-Item -ItemType Directory $installHome | Out-Null
            $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name LocalTest -Uri '$package' -Trusted
Install-PSResource -Name AliyunAccessKey -Repository LocalTest -TrustRepository -Scope CurrentUser -Quiet
Import-Module AliyunAccessKey
`$m = Get-Module AliyunAccessKey
'BASE=' + `$m.ModuleBase
'VERSION=' + `$m.Version
Connect-AliyunAccount -Credential ([pscredential]::new('testid', (ConvertTo-SecureString testsecret -AsPlainText -Force))) -Endpoint '$($emulator.Address)' -WarningAction SilentlyContinue
'CONTEXT=' + (Get-AliyunContext).IdentityType
"@
            $savedHome = $env:HOME
            $env:HOME = $installHome
            try {
                $out = Invoke-Pwsh -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
            } finally {
                $env:HOME = $savedHome
            }
            $out | Should -Match "VERSION=$([regex]::Escape($Manifest.Version.ToString()))"
            $out | Should -Match ('BASE=' + [regex]::Escape($installHome))
            $out | Should -Match 'CONTEXT=Account'
        } finally {
            Stop-TestEmulator $emulator
        }
    }
}
