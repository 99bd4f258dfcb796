namespace TagApi.Api.Fairness;

/// <summary>The outcome of asking for a turn.</summary>
public enum TurnOutcome
{
    Granted,
    QueueFull,
    WaitedTooLong,
}

/// <summary>
/// At most <see cref="FairnessOptions.ConcurrentRequests"/> requests run at once; the others wait in their tenant's
/// line, and each freed turn goes to the next tenant in rotation (round robin over the tenants with someone waiting).
/// A tenant with 32 waiting requests thus gets one turn in as many as each tenant with one: the many small tenants of
/// a node keep their latency when one large tenant sends all it can.
/// </summary>
public sealed class TenantTurns
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedList<Waiter>> _lines = new(StringComparer.Ordinal);
    private readonly Queue<string> _rotation = new();
    private readonly int _limit;
    private readonly int _queuePerTenant;
    private readonly TimeSpan _maxWait;
    private int _running;
    private int _waiting;

    public TenantTurns(FairnessOptions options)
    {
        _limit = options.ConcurrentRequests;
        _queuePerTenant = options.QueuePerTenant;
        _maxWait = TimeSpan.FromSeconds(options.MaxWaitSeconds);
    }

    /// <summary>False when every request runs at once (no limit configured).</summary>
    public bool Enabled => _limit > 0;

    /// <summary>Requests running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Requests waiting for a turn now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// Waits for a turn of <paramref name="tenant"/>'s line. A granted turn must be given back with <see cref="Leave"/>
    /// exactly once; a cancelled wait throws and holds nothing.
    /// </summary>
    public async ValueTask<TurnOutcome> EnterAsync(string tenant, CancellationToken ct)
    {
        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_gate)
        {
            if (_running < _limit && _rotation.Count == 0)
            {
                _running++;
                return TurnOutcome.Granted;
            }

            if (!_lines.TryGetValue(tenant, out var line))
            {
                line = new LinkedList<Waiter>();
                _lines.Add(tenant, line);
                _rotation.Enqueue(tenant);
            }

            if (line.Count >= _queuePerTenant)
            {
                RemoveIfEmpty(tenant, line);
                return TurnOutcome.QueueFull;
            }

            waiter = new Waiter();
            node = line.AddLast(waiter);
            _waiting++;
        }

        using var timeout = new CancellationTokenSource(_maxWait);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        await using (linked.Token.Register(() => Abandon(tenant, node)))
        {
            if (await waiter.Turn.Task)
            {
                return TurnOutcome.Granted;
            }
        }

        ct.ThrowIfCancellationRequested();
        return TurnOutcome.WaitedTooLong;
    }

    /// <summary>Gives a turn back: to the next tenant in rotation that has someone waiting, or to the pool.</summary>
    public void Leave()
    {
        lock (_gate)
        {
            while (_rotation.TryDequeue(out var tenant))
            {
                var line = _lines[tenant];
                var next = line.First!;
                line.RemoveFirst();
                _waiting--;
                if (line.Count > 0)
                {
                    _rotation.Enqueue(tenant);
                }
                else
                {
                    _lines.Remove(tenant);
                }

                // Handed over: the running count stays as it is.
                next.Value.Turn.TrySetResult(true);
                return;
            }

            _running--;
        }
    }

    // A wait that ended without a turn (cancelled or too long) leaves its line; a turn already handed to it wins.
    private void Abandon(string tenant, LinkedListNode<Waiter> node)
    {
        lock (_gate)
        {
            if (node.List is not { } line)
            {
                return;
            }

            line.Remove(node);
            _waiting--;
            if (line.Count == 0)
            {
                _lines.Remove(tenant);
                RebuildRotationWithout(tenant);
            }
        }

        node.Value.Turn.TrySetResult(false);
    }

    private void RemoveIfEmpty(string tenant, LinkedList<Waiter> line)
    {
        if (line.Count == 0)
        {
            _lines.Remove(tenant);
            RebuildRotationWithout(tenant);
        }
    }

    // Rare (a line emptied by cancellations, not by turns), so a rebuild of the rotation is fine.
    private void RebuildRotationWithout(string tenant)
    {
        var kept = _rotation.Where(t => !string.Equals(t, tenant, StringComparison.Ordinal)).ToList();
        _rotation.Clear();
        foreach (var t in kept)
        {
            _rotation.Enqueue(t);
        }
    }

    private sealed class Waiter
    {
        public TaskCompletionSource<bool> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
