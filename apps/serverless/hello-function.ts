/**
 * The `hello` function of Kubernetes for Serverless Applications ch. 9: it answers with what it was sent
 * (`echo test | faas-cli invoke hello` prints `test`). Written for the python3-http template, which replaced the
 * book's classic `python` template.
 */
export const HELLO_HANDLER_FILES: Record<string, string> = {
  'handler.py': [
    'def handle(event, context):',
    '    """Answers with the request body, as the book\'s hello function did."""',
    '    return {',
    '        "statusCode": 200,',
    '        "body": event.body,',
    '        "headers": {"Content-Type": event.headers.get("Content-Type", "text/plain")},',
    '    }',
    '',
  ].join('\n'),
  'requirements.txt': '',
};
