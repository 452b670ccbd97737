# Hardening: the bad-input corpus as a whole (BadInput/Cases.ps1 and its parts).
BeforeDiscovery { . (Join-Path $PSScriptRoot 'BadInput/Cases.ps1') Users, Keys, Connect, Groups, Policies, RecycleBin }
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
}
AfterAll { Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue }

Describe 'The corpus' {
    It 'has at least 200 cases and covers every exported cmdlet' -ForEach @(@{ Covered = @($Groups | ForEach-Object { $_.Cmdlet }); Count = $AllCases.Count }) {
        foreach ($name in (Get-Command -Module AliyunAccessKey -CommandType Cmdlet).Name) {
            $Covered | Should -Contain $name -Because "$name needs bad-input cases"
        }
        $Count | Should -BeGreaterOrEqual 200
    }
}
