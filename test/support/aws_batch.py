# Runs AWS CLI v2 commands in one Python process: one JSON list of arguments per stdin line, answered by one
# JSON line {code, stdout, stderr}. Each command goes through the CLI's own entry point (what /usr/bin/aws
# calls) with fresh output streams, so it parses, signs, sends and prints exactly as a new `aws` process
# would; only the ~1 s Python start and import are paid once instead of per command.
import io
import json
import sys

from awscli.clidriver import AWSCLIEntryPoint

sys.argv[0] = 'aws'  # the name usage messages give

answers = sys.stdout
for line in sys.stdin:
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdout = io.TextIOWrapper(out, encoding='utf-8', write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding='utf-8', write_through=True)
    try:
        code = AWSCLIEntryPoint().main(json.loads(line))
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
            stream.detach()  # a dropped wrapper would close the buffer it wraps
        sys.stdout, sys.stderr = answers, sys.__stderr__
    answers.write(json.dumps({'code': code, 'stdout': out.getvalue().decode('utf-8', 'replace'), 'stderr': err.getvalue().decode('utf-8', 'replace')}) + '\n')
    answers.flush()
