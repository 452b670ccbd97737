# Every output type has a table and a list view; none adds a column to Export-Csv.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $StagedManifest -Force
    $script:Views = Get-FormatData -TypeName 'AliyunAccessKey.Model.*' -PowerShellVersion $PSVersionTable.PSVersion
}

AfterAll {
    Remove-Module AliyunAccessKey -Force -ErrorAction SilentlyContinue
}

Describe 'Format views' {
    It '<_> has a table view and a list view' -ForEach @(
        'AliyunAccessKey.Model.AccessKey', 'AliyunAccessKey.Model.AccessKey#New', 'AliyunAccessKey.Model.AliyunRamUser', 'AliyunAccessKey.Model.AliyunRamUser#Access',
        'AliyunAccessKey.Model.AliyunCallerIdentity', 'AliyunAccessKey.Model.AliyunContext', 'AliyunAccessKey.Model.AliyunAccessKeyRotation'
    ) {
        $controls = @($Views | Where-Object TypeNames -contains $_ | ForEach-Object FormatViewDefinition | ForEach-Object { $_.Control.GetType().Name })
        $controls | Should -Contain 'TableControl'
        $controls | Should -Contain 'ListControl'
    }

    It 'every [OutputType] of every cmdlet has a view' {
        $types = Get-Command -Module AliyunAccessKey | ForEach-Object OutputType | ForEach-Object Name | Where-Object { $_ -like 'AliyunAccessKey.*' } | Sort-Object -Unique
        $withViews = $Views.TypeNames | Sort-Object -Unique
        foreach ($t in $types) { $withViews | Should -Contain $t }
    }

    It 'adds no type extensions, so Export-Csv writes only real properties' {
        (Get-Module AliyunAccessKey).ExportedTypeFiles | Should -BeNullOrEmpty
        foreach ($t in 'AliyunAccessKey.Model.AccessKey', 'AliyunAccessKey.Model.AliyunRamUser') {
            Get-TypeData -TypeName $t | Should -BeNullOrEmpty
        }
    }
}
