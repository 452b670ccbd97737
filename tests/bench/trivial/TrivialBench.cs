using System.Management.Automation;

namespace TrivialBench
{
    /// <summary>What Get-TrivialBench emits; the format file has a table view for it.</summary>
    public sealed class TrivialItem
    {
        public string Name { get; set; }

        public int Value { get; set; }
    }

    /// <summary>The one cmdlet of the baseline module.</summary>
    [Cmdlet(VerbsCommon.Get, "TrivialBench")]
    [OutputType(typeof(TrivialItem))]
    public sealed class GetTrivialBenchCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        public string Name { get; set; } = "trivial";

        protected override void ProcessRecord() => WriteObject(new TrivialItem { Name = Name, Value = 42 });
    }
}
