/**
 * The English words of engine: sentences the engine makes for a person (notices), said by each screen in its language.
 */
export const messages = {
  'engine.notice.text': '{text}',
  'engine.notice.offline.title': 'Lost contact with the IICP directory',
  'engine.notice.offline.body':
    "The IICP directory can't be reached, so consumers who look for nodes there may not find yours. Tasks that reach your node without the directory are not affected. It keeps trying.",
  'engine.notice.backOnline.title': 'In contact with the IICP directory again',
  'engine.notice.backOnline.body':
    'The IICP directory answers your node again; consumers who look for nodes there can be sent to it.',
  'engine.notice.backendStopped.title': 'LLM server stopped',
  'engine.notice.backendStopped.body':
    'Your LLM server stopped answering, so your node takes no tasks. It looks again every second and carries on by itself when the server is back.',
  'engine.notice.backendBack.title': 'LLM server back',
  'engine.notice.backendBack.body': 'Your LLM server answers again; your node takes tasks again.',
  'engine.notice.notReachable.title': 'Not reachable from the internet any more',
  'engine.notice.notReachable.body':
    "Consumers can't reach your node right now. It keeps looking for a way in; the Network page shows what it tried.",
  'engine.notice.reachableAgain.title': 'Reachable from the internet again',
  'engine.notice.reachableAgain.body': 'Consumers can reach your node again.',
  'engine.notice.rejected.title': 'Earnings rejected',
  'engine.notice.rejected.body':
    'The IICP directory rejected the credits for {count, plural, one {one task} other {# tasks}}. The Earnings page says why and what to do.',
  'engine.notice.unverified.title': 'Your earnings do not match the directory’s signed record',
  'engine.notice.unverified.body': '{problem} The Earnings page shows which tasks differ.',
  'engine.notice.unverified.bodyAlone': 'The Earnings page shows which tasks differ.',
  'engine.notice.machineDown.title': '“{machine}” is down',
  'engine.notice.machineDown.someTitle': 'One of your machines is down',
  'engine.notice.machineDown.body':
    'It stopped answering inside its availability window. The Machines page shows what is known of it.',
  'engine.notice.machineBack.title': '“{machine}” is back',
  'engine.notice.machineBack.someTitle': 'One of your machines is back',
  'engine.notice.machineBack.body': 'It answers again.',
  'engine.notice.machineBack.sinceSeconds':
    'It has answered for {count, plural, one {# second} other {# seconds}} now.',
  'engine.notice.machineBack.sinceMinutes':
    'It has answered for {count, plural, one {# minute} other {# minutes}} now.',
  'engine.notice.machineBack.downsSeconds':
    'It went down {downs} times in {count, plural, one {# second} other {# seconds}}. {since}',
  'engine.notice.machineBack.downsMinutes':
    'It went down {downs} times in {count, plural, one {# minute} other {# minutes}}. {since}',
  'engine.backend.checking': 'Checking the local LLM server…',
  'engine.backend.notChosen': 'No local LLM server chosen yet.',
  'engine.backend.loading': 'Your LLM server is loading a model.',
  'engine.backend.unauthorized': 'The local LLM server wants an API key (or a different one).',
  'engine.backend.unreachable': 'The local LLM server is not responding.',
  'engine.backend.badResponse': 'The local LLM server gave an answer this app does not understand.',
  'engine.backend.noModels': 'The local LLM server has no models installed.',
  'engine.backend.allLeftOut':
    'The local LLM server lists models, but the node leaves every one of them out, so none is offered.',
  'engine.backend.slow': 'The local LLM server answers too slowly: nothing came back within {seconds} s.',
  'engine.backend.partlyDown':
    '{down, plural, one {One of your {all} LLM servers is not serving now; the others are.} other {# of your {all} LLM servers are not serving now; the others are.}}',
  'engine.backend.list.notChosen': 'No LLM server is chosen yet.',
  'engine.backend.list.notLooked': 'Your LLM server has not been looked at yet.',
  'engine.backend.list.loading': 'Your LLM server is loading a model, so its list may be incomplete until it is ready.',
  'engine.backend.list.slow': 'Your LLM server answers too slowly to be described just now.',
  'engine.backend.list.unreachable': 'Your LLM server did not answer just now.',
  'engine.backend.list.offeredLast': '{why} The list shows what it offered last.',
} as const;
