# The official Alibaba Node SDK against the emulator, both signature schemes: the proof that the
# emulator answers as the real service does (see tests/conformance/README.md).
BeforeDiscovery {
    $script:Schemes = @('v3', 'v2')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Emulator = Start-TestEmulator
    $script:Script = Join-Path $RepoRoot 'tests/conformance/conformance.js'
}

AfterAll {
    Stop-TestEmulator $Emulator
}

Describe 'Official SDK conformance (<_>)' -ForEach $Schemes {
    It 'passes every check of the scenario' {
        $json = Join-Path ([IO.Path]::GetTempPath()) "conformance-$_-$PID.json"
        $output = & node $Script --endpoint $Emulator.Address --scheme $_ --json $json 2>&1
        $exit = $LASTEXITCODE
        $results = (Get-Content -Raw $json | ConvertFrom-Json).results
        Remove-Item $json -ErrorAction SilentlyContinue
        $failures = @($results | Where-Object { -not $_.ok } | ForEach-Object { "$($_.name): $($_.detail)" })
        $failures | Should -BeNullOrEmpty -Because ($output -join "`n")
        $exit | Should -Be 0
        # A run that checked little proves little: the scenario has ~70 checks per scheme.
        @($results).Count | Should -BeGreaterThan 50
    }
}
