namespace AliyunAccessKey.Concurrency;

/// <summary>
/// Where a <see cref="BulkEngine{TMessage}"/> hands over what its units produce. Every call comes
/// on the thread that calls Submit and WaitForAll (the pipeline thread), never on a worker, so an
/// implementation may write to the pipeline directly. An exception thrown here leaves the engine
/// consistent and propagates out of Submit or WaitForAll.
/// </summary>
/// <typeparam name="TMessage">What units post (output objects, errors, log lines…).</typeparam>
internal interface IBulkSink<in TMessage>
{
    /// <summary>A message a unit posted, in the order that unit posted it.</summary>
    void Deliver(TMessage message);

    /// <summary>A unit threw: one failure for that unit, the others go on.</summary>
    void Failed(object? state, Exception error);

    /// <summary>A unit has finished; everything it posted has been delivered before this.</summary>
    void Completed(object? state);
}

/// <summary>What a unit of work posts its messages to; safe to call from the unit's own thread.</summary>
/// <typeparam name="TMessage">What units post.</typeparam>
internal interface IUnitOutput<in TMessage>
{
    void Post(TMessage message);
}
